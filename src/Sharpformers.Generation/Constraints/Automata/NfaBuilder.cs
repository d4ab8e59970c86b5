namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>
/// Builds a byte-level NFA from fragments (Thompson construction). Sub-automata that must appear several times (bounded
/// repetition) are rebuilt from a delegate; the number of states is bounded so that a huge schema fails clearly.
/// </summary>
internal sealed class NfaBuilder
{
    /// <summary>The most NFA states a constraint may compile to.</summary>
    public const int MaxStates = 2_000_000;

    private readonly List<NfaState> _states = [];

    /// <summary>Whether byte edges created now may be matched by an added token spelling them (literals only).</summary>
    public bool Atomic { get; set; }

    public int NewState()
    {
        if (_states.Count >= MaxStates)
        {
            throw new ArgumentException($"the constraint is too large: it compiles to more than {MaxStates} automaton states (lower maxItems/maxLength or nesting)");
        }

        _states.Add(new NfaState());
        return _states.Count - 1;
    }

    public void Epsilon(int from, int to) => _states[from].Epsilons.Add(to);

    public void Edge(int from, byte low, byte high, int to) => _states[from].Edges.Add(new ByteEdge(low, high, to, Atomic));

    /// <summary>Matches the empty string.</summary>
    public NfaFragment Empty()
    {
        var s = NewState();
        var e = NewState();
        Epsilon(s, e);
        return new NfaFragment(s, e);
    }

    /// <summary>Matches nothing at all.</summary>
    public NfaFragment Nothing() => new(NewState(), NewState());

    /// <summary>Matches one byte in a range.</summary>
    public NfaFragment ByteRange(byte low, byte high)
    {
        var s = NewState();
        var e = NewState();
        Edge(s, low, high, e);
        return new NfaFragment(s, e);
    }

    /// <summary>Matches these exact bytes.</summary>
    public NfaFragment Bytes(ReadOnlySpan<byte> bytes)
    {
        var s = NewState();
        var current = s;
        foreach (var b in bytes)
        {
            var next = NewState();
            Edge(current, b, b, next);
            current = next;
        }

        return new NfaFragment(s, current);
    }

    /// <summary>Matches the UTF-8 encoding of a text.</summary>
    public NfaFragment Text(string text) => Bytes(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Matches the fragments one after the other.</summary>
    public NfaFragment Concat(params NfaFragment[] parts)
    {
        if (parts.Length == 0)
        {
            return Empty();
        }

        for (var i = 1; i < parts.Length; i++)
        {
            Epsilon(parts[i - 1].End, parts[i].Start);
        }

        return new NfaFragment(parts[0].Start, parts[^1].End);
    }

    /// <summary>Matches any one of the fragments.</summary>
    public NfaFragment Alternate(IEnumerable<NfaFragment> parts)
    {
        var s = NewState();
        var e = NewState();
        foreach (var p in parts)
        {
            Epsilon(s, p.Start);
            Epsilon(p.End, e);
        }

        return new NfaFragment(s, e);
    }

    /// <summary>Matches the fragment or nothing.</summary>
    public NfaFragment Optional(NfaFragment part)
    {
        var s = NewState();
        var e = NewState();
        Epsilon(s, part.Start);
        Epsilon(s, e);
        Epsilon(part.End, e);
        return new NfaFragment(s, e);
    }

    /// <summary>Matches the fragment any number of times (the fragment is built once).</summary>
    public NfaFragment Star(NfaFragment part)
    {
        var s = NewState();
        var e = NewState();
        Epsilon(s, part.Start);
        Epsilon(s, e);
        Epsilon(part.End, part.Start);
        Epsilon(part.End, e);
        return new NfaFragment(s, e);
    }

    /// <summary>Matches between <paramref name="min"/> and <paramref name="max"/> (null: unbounded) copies of an item.</summary>
    public NfaFragment Repeat(Func<NfaFragment> item, int min, int? max)
    {
        if (max < min)
        {
            return Nothing();
        }

        var parts = new List<NfaFragment>();
        for (var i = 0; i < min; i++)
        {
            parts.Add(item());
        }

        if (max is null)
        {
            parts.Add(Star(item()));
        }
        else
        {
            // Nested optionals: x{0,3} = (x(x(x)?)?)? keeps the automaton linear.
            var optionalCount = max.Value - min;
            if (optionalCount > 0)
            {
                var tail = Optional(item());
                for (var i = 1; i < optionalCount; i++)
                {
                    tail = Optional(Concat(item(), tail));
                }

                parts.Add(tail);
            }
        }

        return Concat([.. parts]);
    }

    /// <summary>
    /// Matches <paramref name="min"/>..<paramref name="max"/> items separated by <paramref name="separator"/>. When
    /// unbounded past the minimum the item of the loop is built once (a back edge), so recursive structures stay linear.
    /// </summary>
    public NfaFragment Separated(Func<NfaFragment> item, Func<NfaFragment> separator, int min, int? max)
    {
        if (max < min)
        {
            return Nothing();
        }

        if (max == 0)
        {
            return Empty();
        }

        if (max is null)
        {
            // First item, then (separator item)*; with min items at least.
            var first = item();
            var head = new List<NfaFragment> { first };
            for (var i = 1; i < min; i++)
            {
                head.Add(Concat(separator(), item()));
            }

            var loop = Star(Concat(separator(), item()));
            head.Add(loop);
            var all = Concat([.. head]);
            return min == 0 ? Optional(all) : all;
        }

        var firstItem = item();
        var rest = Repeat(() => Concat(separator(), item()), Math.Max(0, min - 1), max.Value - 1);
        var body = Concat(firstItem, rest);
        return min == 0 ? Optional(body) : body;
    }

    public Nfa Finish(NfaFragment root) => new([.. _states], root.Start, root.End);
}
