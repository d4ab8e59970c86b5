using System.Runtime.CompilerServices;
using Sharpformers.Generation.Constraints.Automata;
using Sharpformers.Generation.Constraints.Vocabulary;

namespace Sharpformers.Generation.Constraints.Masking;

/// <summary>
/// A constraint compiled against one vocabulary: the token mask of each automaton state (computed once by walking the
/// token trie with the automaton, pruning dead branches, then cached) and token-level transitions. Shared by every
/// generate call that uses the same constraint and tokenizer; thread-safe (one lock).
/// </summary>
internal sealed class ConstraintGuide
{
    private static readonly ConditionalWeakTable<TokenConstraint, ConditionalWeakTable<TokenIndex, ConstraintGuide>> Cache = [];

    private readonly IByteAutomaton _automaton;
    private readonly LazyDfa? _dfa;
    private readonly Dictionary<int, TokenMask> _masks = [];
    private readonly Dictionary<long, int> _transitions = [];
    private readonly Lock _gate = new();
    private readonly bool[] _allowedScratch;
    private readonly List<int> _allowedList = [];
    private int[] _stateAtDepth;

    private ConstraintGuide(IByteAutomaton automaton, TokenIndex index)
    {
        _automaton = automaton;
        _dfa = automaton as LazyDfa;
        Index = index;
        Start = automaton.StartState;
        _allowedScratch = new bool[index.TokenCount];
        _stateAtDepth = new int[index.MaxDepth + 1];
    }

    public TokenIndex Index { get; }

    public int Start { get; }

    public static ConstraintGuide For(TokenConstraint constraint, TokenIndex index) =>
        Cache.GetValue(constraint, _ => []).GetValue(index, i => new ConstraintGuide(constraint.CreateAutomaton(), i));

    public bool IsAccepting(int state)
    {
        lock (_gate)
        {
            return _automaton.IsAccepting(state);
        }
    }

    /// <summary>The state after a token, or −1 when the token is not allowed.</summary>
    public int Advance(int state, int token)
    {
        if ((uint)token >= (uint)Index.TokenCount)
        {
            return -1;
        }

        var key = ((long)state << 32) | (uint)token;
        lock (_gate)
        {
            if (_transitions.TryGetValue(key, out var next))
            {
                return next;
            }

            var bytes = Index.TokenBytes(token);
            if (Index.IsAdded[token])
            {
                next = _automaton.NextAddedToken(state, bytes);
            }
            else
            {
                next = bytes.IsEmpty ? -1 : state;
                foreach (var b in bytes)
                {
                    next = _automaton.Next(next, b);
                    if (next < 0)
                    {
                        break;
                    }
                }
            }

            next = next < 0 ? -1 : next;
            _transitions[key] = next;
            return next;
        }
    }

    public TokenMask GetMask(int state)
    {
        lock (_gate)
        {
            if (!_masks.TryGetValue(state, out var mask))
            {
                mask = Compute(state);
                _masks[state] = mask;
            }

            return mask;
        }
    }

    private TokenMask Compute(int state)
    {
        _allowedList.Clear();
        if (_dfa is not null)
        {
            WalkDfa(_dfa, state);
        }
        else
        {
            Walk(state);
        }

        foreach (var id in Index.AddedTokens)
        {
            if (_automaton.NextAddedToken(state, Index.TokenBytes(id)) >= 0)
            {
                _allowedList.Add(id);
            }
        }

        var any = _allowedList.Count > 0;
        if (_allowedList.Count * 2 <= Index.TokenCount)
        {
            var allowed = _allowedList.ToArray();
            Array.Sort(allowed);
            return new TokenMask(allowed, inverted: false, any);
        }

        foreach (var id in _allowedList)
        {
            _allowedScratch[id] = true;
        }

        var disallowed = new int[Index.TokenCount - _allowedList.Count];
        var n = 0;
        for (var id = 0; id < _allowedScratch.Length; id++)
        {
            if (_allowedScratch[id])
            {
                _allowedScratch[id] = false;
            }
            else if (n < disallowed.Length)
            {
                disallowed[n++] = id;
            }
        }

        return new TokenMask(disallowed[..n], inverted: true, any);
    }

    private void WalkDfa(LazyDfa dfa, int state)
    {
        var nodeByte = Index.NodeByte;
        var nodeDepth = Index.NodeDepth;
        var nodeEnd = Index.NodeEnd;
        var tokenStart = Index.NodeTokenStart;
        var tokenEnd = Index.NodeTokenEnd;
        var tokens = Index.NodeTokens;
        var states = _stateAtDepth;
        states[0] = state;
        var i = 0;
        while (i < nodeByte.Length)
        {
            var depth = nodeDepth[i];
            var next = dfa.Next(states[depth - 1], nodeByte[i]);
            if (next < 0)
            {
                i = nodeEnd[i];
                continue;
            }

            states[depth] = next;
            for (var t = tokenStart[i]; t < tokenEnd[i]; t++)
            {
                _allowedList.Add(tokens[t]);
            }

            i++;
        }
    }

    private void Walk(int state)
    {
        var states = _stateAtDepth;
        states[0] = state;
        var i = 0;
        while (i < Index.NodeByte.Length)
        {
            var depth = Index.NodeDepth[i];
            var next = _automaton.Next(states[depth - 1], Index.NodeByte[i]);
            if (next < 0)
            {
                i = Index.NodeEnd[i];
                continue;
            }

            states[depth] = next;
            for (var t = Index.NodeTokenStart[i]; t < Index.NodeTokenEnd[i]; t++)
            {
                _allowedList.Add(Index.NodeTokens[t]);
            }

            i++;
        }
    }
}
