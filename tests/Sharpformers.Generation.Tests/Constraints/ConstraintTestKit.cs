using System.Text;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Constraints.Masking;
using Sharpformers.Generation.Constraints.Vocabulary;

namespace Sharpformers.Generation.Tests.Constraints;

/// <summary>Helpers that drive a constraint's automaton byte by byte and a small hand-written vocabulary token by token.</summary>
internal static class ConstraintTestKit
{
    /// <summary>Whether the constraint accepts the whole text.</summary>
    public static bool Accepts(TokenConstraint constraint, string text) => Accepts(constraint, Encoding.UTF8.GetBytes(text));

    public static bool Accepts(TokenConstraint constraint, byte[] bytes)
    {
        var state = Feed(constraint.CreateAutomaton(), bytes, out var automaton);
        return state >= 0 && automaton.IsAccepting(state);
    }

    /// <summary>Whether the text is a prefix of some accepted text.</summary>
    public static bool IsPrefix(TokenConstraint constraint, string text) => Feed(constraint.CreateAutomaton(), Encoding.UTF8.GetBytes(text), out _) >= 0;

    private static int Feed(IByteAutomaton automaton, byte[] bytes, out IByteAutomaton used)
    {
        used = automaton;
        var state = automaton.StartState;
        foreach (var b in bytes)
        {
            state = automaton.Next(state, b);
            if (state < 0)
            {
                return -1;
            }
        }

        return state;
    }

    /// <summary>A vocabulary given as byte strings; ids are positions; entries starting with '@' are added tokens.</summary>
    public sealed class Vocabulary(params byte[][] tokens) : ITokenVocabulary
    {
        public static Vocabulary Of(params string[] tokens) =>
            new([.. tokens.Select(t => Encoding.UTF8.GetBytes(t))]) { Added = [.. tokens.Select((t, i) => (t, i)).Where(x => x.t.StartsWith('<') && x.t.EndsWith('>') && x.t.Length > 2).Select(x => x.i)] };

        public HashSet<int> Added { get; init; } = [];

        public int TokenCount => tokens.Length;

        public byte[] GetTokenBytes(int id) => tokens[id];

        public bool IsAddedToken(int id) => Added.Contains(id);
    }

    /// <summary>Walks a constraint token by token over a vocabulary.</summary>
    public sealed class Walker
    {
        private readonly ConstraintGuide _guide;
        private readonly ITokenVocabulary _vocabulary;

        public Walker(TokenConstraint constraint, ITokenVocabulary vocabulary)
        {
            _vocabulary = vocabulary;
            _guide = ConstraintGuide.For(constraint, TokenIndex.For(vocabulary));
            State = _guide.Start;
        }

        public int State { get; private set; }

        public bool IsComplete => _guide.IsAccepting(State);

        public bool Allows(int token) => _guide.GetMask(State).Allows(token);

        public IReadOnlyList<int> AllowedTokens() => [.. Enumerable.Range(0, _vocabulary.TokenCount).Where(Allows)];

        /// <summary>Takes the token, which must be allowed (the mask and the transition must agree).</summary>
        public Walker Take(int token)
        {
            Assert.True(Allows(token), $"token {token} should be allowed");
            var next = _guide.Advance(State, token);
            Assert.True(next >= 0);
            State = next;
            return this;
        }
    }
}
