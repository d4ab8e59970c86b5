using System.Runtime.CompilerServices;

namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>
/// Determinises an <see cref="Nfa"/> on demand: a DFA state is an interned epsilon-closed set of NFA states, and each
/// (state, byte) transition is computed once, then read from a flat table. Not thread-safe (callers serialise).
/// </summary>
internal sealed class LazyDfa : IByteAutomaton
{
    private const int Unknown = -2;
    private const int Dead = -1;

    /// <summary>The most DFA states built before a clear error.</summary>
    public const int MaxStates = 1_000_000;

    private readonly Nfa _nfa;
    private readonly List<int[]> _sets = [];
    private readonly List<bool> _accepting = [];
    private readonly Dictionary<StateSetKey, int> _ids = [];
    private readonly int[] _mark;
    private readonly Stack<int> _stack = new();
    private readonly List<int> _scratch = [];
    private readonly byte[][] _classMembers;
    private readonly int[] _classOf = new int[256];
    private int[] _table = [];
    private int _generation;

    public LazyDfa(Nfa nfa)
    {
        _nfa = nfa;
        _mark = new int[nfa.States.Length];

        // Byte classes: bytes that no edge range tells apart behave the same in every state, so a transition computed
        // for one byte is stored for its whole class (JSON needs a few dozen classes, not 256 bytes).
        var boundary = new bool[257];
        foreach (var state in nfa.States)
        {
            foreach (var e in state.Edges)
            {
                boundary[e.Low] = true;
                boundary[e.High + 1] = true;
            }
        }

        var members = new List<List<byte>>();
        for (var b = 0; b < 256; b++)
        {
            if (b == 0 || boundary[b])
            {
                members.Add([]);
            }

            _classOf[b] = members.Count - 1;
            members[^1].Add((byte)b);
        }

        _classMembers = [.. members.Select(m => m.ToArray())];
        StartState = Intern(Closure([nfa.Start]));
    }

    public int StartState { get; }

    public int StateCount => _sets.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int state, byte value)
    {
        var t = _table[(state << 8) | value];
        return t != Unknown ? t : Compute(state, value);
    }

    public bool IsAccepting(int state) => _accepting[state];

    /// <summary>Follows only edges of literals (<see cref="ByteEdge.Atomic"/>), so an added token never spells JSON or regex text.</summary>
    public int NextAddedToken(int state, ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return -1;
        }

        var current = _sets[state];
        foreach (var b in content)
        {
            _scratch.Clear();
            foreach (var s in current)
            {
                foreach (var e in _nfa.States[s].Edges)
                {
                    if (e.Atomic && b >= e.Low && b <= e.High)
                    {
                        _scratch.Add(e.Target);
                    }
                }
            }

            if (_scratch.Count == 0)
            {
                return -1;
            }

            current = Closure(_scratch);
        }

        return Intern(current);
    }

    private int Compute(int state, byte value)
    {
        _scratch.Clear();
        foreach (var s in _sets[state])
        {
            foreach (var e in _nfa.States[s].Edges)
            {
                if (value >= e.Low && value <= e.High)
                {
                    _scratch.Add(e.Target);
                }
            }
        }

        var next = _scratch.Count == 0 ? Dead : Intern(Closure(_scratch));
        foreach (var b in _classMembers[_classOf[value]])
        {
            _table[(state << 8) | b] = next;
        }

        return next;
    }

    private int[] Closure(List<int> seeds)
    {
        _generation++;
        var result = new List<int>();
        foreach (var s in seeds)
        {
            if (_mark[s] != _generation)
            {
                _mark[s] = _generation;
                _stack.Push(s);
            }
        }

        while (_stack.Count > 0)
        {
            var s = _stack.Pop();
            var node = _nfa.States[s];
            if (node.Edges.Count > 0 || s == _nfa.Accept)
            {
                result.Add(s);
            }

            foreach (var e in node.Epsilons)
            {
                if (_mark[e] != _generation)
                {
                    _mark[e] = _generation;
                    _stack.Push(e);
                }
            }
        }

        result.Sort();
        return [.. result];
    }

    private int Intern(int[] set)
    {
        var key = new StateSetKey(set);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        if (_sets.Count >= MaxStates)
        {
            throw new InvalidOperationException($"the constraint automaton grew past {MaxStates} states");
        }

        id = _sets.Count;
        _sets.Add(set);
        _accepting.Add(Array.BinarySearch(set, _nfa.Accept) >= 0);
        _ids.Add(key, id);
        if (_table.Length < (id + 1) << 8)
        {
            var grown = new int[Math.Max(256 * 16, _table.Length * 2)];
            grown.AsSpan().Fill(Unknown);
            _table.CopyTo(grown, 0);
            _table = grown;
        }

        return id;
    }

    private readonly struct StateSetKey(int[] set) : IEquatable<StateSetKey>
    {
        private readonly int[] _set = set;

        public bool Equals(StateSetKey other) => _set.AsSpan().SequenceEqual(other._set);

        public override bool Equals(object? obj) => obj is StateSetKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_set.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
