namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>
/// A byte-level Thompson NFA: each state has byte-range edges and epsilon edges. Edges built for a literal that an added
/// token may spell as a whole are marked <c>Atomic</c> (see <see cref="LazyDfa.NextAddedToken"/>).
/// </summary>
internal sealed class Nfa
{
    public Nfa(NfaState[] states, int start, int accept)
    {
        States = states;
        Start = start;
        Accept = accept;
    }

    public NfaState[] States { get; }

    public int Start { get; }

    public int Accept { get; }

    /// <summary>Whether some byte string leads from the start to the accepting state.</summary>
    public bool AcceptsSomething()
    {
        var seen = new bool[States.Length];
        var stack = new Stack<int>();
        stack.Push(Start);
        seen[Start] = true;
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (s == Accept)
            {
                return true;
            }

            foreach (var e in States[s].Epsilons)
            {
                if (!seen[e])
                {
                    seen[e] = true;
                    stack.Push(e);
                }
            }

            foreach (var e in States[s].Edges)
            {
                if (!seen[e.Target])
                {
                    seen[e.Target] = true;
                    stack.Push(e.Target);
                }
            }
        }

        return false;
    }
}

/// <summary>One NFA state.</summary>
internal sealed class NfaState
{
    public List<int> Epsilons { get; } = [];

    public List<ByteEdge> Edges { get; } = [];
}

/// <summary>An edge taken on any byte in [<paramref name="Low"/>, <paramref name="High"/>].</summary>
internal readonly record struct ByteEdge(byte Low, byte High, int Target, bool Atomic);
