using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Stopping;

namespace Sharpformers.Generation.Constraints.Masking;

/// <summary>
/// The constraint inside one generate call, as a logits processor and a stopping criterion. Each row's automaton state
/// is found from the row's generated tokens (keyed by a 64-bit hash of them, advanced by one token from the parent's
/// state), so beams that are reordered, copied or dropped between steps need no bookkeeping: a beam's state is the
/// state of its own token history. Disallowed tokens get −∞; an end-of-sequence id is allowed exactly when the text is
/// complete. Without an end-of-sequence id in the call, a row stops as soon as its text is complete.
/// </summary>
internal sealed class ConstraintTracker : ILogitsProcessor, IStoppingCriteria
{
    private const int Finished = int.MaxValue;
    private const int Dead = -1;
    private const int MaxCachedStates = 1 << 16;
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private readonly ConstraintGuide _guide;
    private readonly int _promptWidth;
    private readonly int[] _eos;
    private readonly Dictionary<ulong, int> _states = [];
    private readonly float[] _saved;
    private ulong[] _hashes = new ulong[64];

    public ConstraintTracker(ConstraintGuide guide, int promptWidth, int[] eosTokenIds, int vocabSize)
    {
        _guide = guide;
        _promptWidth = promptWidth;
        _eos = eosTokenIds;
        _saved = new float[Math.Max(vocabSize, guide.Index.TokenCount)];
        _states[Offset] = guide.Start;
    }

    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        var state = StateOf(sequence);
        if (state == Finished)
        {
            return;
        }

        if (state == Dead)
        {
            // Only a beam kept with a −∞ score gets here; it must stay out of reach.
            scores.Fill(float.NegativeInfinity);
            return;
        }

        var mask = _guide.GetMask(state);
        var accepting = _guide.IsAccepting(state);
        if (!mask.AnyAllowed && !accepting)
        {
            throw new InvalidOperationException("the constraint cannot be continued with this tokenizer's vocabulary (no token spells an allowed next character)");
        }

        Span<float> eosScores = stackalloc float[Math.Min(_eos.Length, 16)];
        for (var i = 0; i < eosScores.Length; i++)
        {
            eosScores[i] = (uint)_eos[i] < (uint)scores.Length ? scores[_eos[i]] : 0f;
        }

        mask.Apply(scores, _guide.Index.TokenCount, _saved);
        for (var i = 0; i < _eos.Length; i++)
        {
            if ((uint)_eos[i] < (uint)scores.Length)
            {
                scores[_eos[i]] = accepting && i < eosScores.Length ? eosScores[i] : float.NegativeInfinity;
            }
        }
    }

    public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores)
    {
        if (_eos.Length > 0)
        {
            return false;
        }

        var state = StateOf(sequence);
        return state is not (Finished or Dead) && _guide.IsAccepting(state);
    }

    /// <summary>Without end-of-sequence ids, a complete row stops at once (nothing could end it later).</summary>
    internal bool StopsWhenComplete => _eos.Length == 0;

    private int StateOf(ReadOnlySpan<long> sequence)
    {
        var generated = sequence.Length > _promptWidth ? sequence[_promptWidth..] : [];
        if (_hashes.Length < generated.Length + 1)
        {
            _hashes = new ulong[Math.Max(generated.Length + 1, _hashes.Length * 2)];
        }

        var hash = Offset;
        _hashes[0] = hash;
        for (var i = 0; i < generated.Length; i++)
        {
            hash = (hash ^ (ulong)generated[i]) * Prime;
            hash ^= hash >> 29;
            _hashes[i + 1] = hash;
        }

        // The longest prefix whose state is known (normally the row without its last token).
        var known = generated.Length;
        int state;
        while (!_states.TryGetValue(_hashes[known], out state))
        {
            known--;
        }

        for (var i = known; i < generated.Length; i++)
        {
            state = Step(state, generated[i]);
            if (_states.Count >= MaxCachedStates)
            {
                _states.Clear();
                _states[Offset] = _guide.Start;
            }

            _states[_hashes[i + 1]] = state;
        }

        return state;
    }

    private int Step(int state, long token)
    {
        if (state is Finished or Dead)
        {
            return state;
        }

        if (token is >= 0 and <= int.MaxValue && Array.IndexOf(_eos, (int)token) >= 0)
        {
            return _guide.IsAccepting(state) ? Finished : Dead;
        }

        // Without an end-of-sequence id a row stops as soon as it is complete; what follows is padding.
        if (StopsWhenComplete && _guide.IsAccepting(state))
        {
            return Finished;
        }

        var next = (ulong)token <= int.MaxValue ? _guide.Advance(state, (int)token) : -1;
        return next < 0 ? Dead : next;
    }
}
