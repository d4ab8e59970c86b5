using System.Diagnostics;
using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Search;

namespace Sharpformers.Generation.Batching;

/// <summary>
/// One request inside a <see cref="GenerationScheduler"/>: its own plan (processors, criteria, seeded random source, lengths),
/// its sequence and its completion. Each step it receives its row of logits and chooses its token exactly as
/// <see cref="SampleSearch"/> does for a batch of one, so its tokens do not depend on the rows it shares the step with.
/// A constraint lives in the plan as this row's own <c>ConstraintTracker</c> (its processor and stopping criterion), which
/// reads the automaton state from this row's unpadded tokens; the compiled masks are shared, thread-safe, by every row
/// and call that uses the same constraint and tokenizer.
/// </summary>
internal sealed class ScheduledSequence
{
    private readonly long[] _sequence;
    private readonly float[] _scores;
    private readonly float[]? _logProbabilities;
    private readonly List<float[]>? _stepScores;
    private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;

    public ScheduledSequence(long[] prompt, GenerationPlan plan, int vocabSize, ITokenSink? sink, CancellationToken cancellationToken)
    {
        Prompt = prompt;
        Plan = plan;
        Sink = sink;
        CancellationToken = cancellationToken;
        MaxLength = plan.Lengths.MaxLength;
        _sequence = new long[MaxLength];
        prompt.CopyTo(_sequence, 0);
        Length = prompt.Length;
        _scores = new float[vocabSize];
        if (plan.Config.OutputScores)
        {
            _logProbabilities = new float[MaxLength - prompt.Length];
            _stepScores = [];
        }

        EnqueuedAt = Stopwatch.GetTimestamp();
    }

    public long[] Prompt { get; }

    public GenerationPlan Plan { get; }

    public ITokenSink? Sink { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Prompt + new tokens at most: the KV positions the sequence can come to hold.</summary>
    public int MaxLength { get; }

    /// <summary>Tokens in the sequence (prompt + chosen so far).</summary>
    public int Length { get; private set; }

    /// <summary>The last chosen token, the next step's input.</summary>
    public long LastToken => _sequence[Length - 1];

    public long EnqueuedAt { get; }

    public Task<GenerationResult> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Wakes the scheduler when the caller cancels, so the row leaves at the next step even when the loop is idle.</summary>
    public void OnCancel(Action wake) => _registration = CancellationToken.UnsafeRegister(static state => ((Action)state!)(), wake);

    /// <summary>Processes this row's logits, chooses and appends a token, streams it; returns whether the sequence is finished.</summary>
    public bool Choose(ReadOnlySpan<float> logits)
    {
        logits.CopyTo(_scores);
        var step = Length - Prompt.Length;
        Plan.Processors.Process(_sequence.AsSpan(0, Length), _scores);
        long token = Plan.Random is { } random ? MultinomialSampler.Sample(_scores, random) : ScoreMath.ArgMax(_scores);
        if (_logProbabilities is not null)
        {
            _logProbabilities[step] = (ulong)token < (ulong)_scores.Length ? ScoreMath.LogProbability(_scores, (int)token) : float.NegativeInfinity;
            _stepScores!.Add((float[])_scores.Clone());
        }

        _sequence[Length++] = token;
        var finished = Plan.Criteria.IsDone(_sequence.AsSpan(0, Length), _scores);
        Sink?.OnToken(0, token, finished);
        return finished;
    }

    public void Complete()
    {
        _registration.Dispose();
        var logProbabilities = _logProbabilities is null ? null : new[] { _logProbabilities.AsSpan(0, Length - Prompt.Length).ToArray() };
        _completion.TrySetResult(new GenerationResult([_sequence.AsSpan(0, Length).ToArray()], Prompt.Length, logProbabilities, null, _stepScores?.ToArray()));
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }

    public void Cancel()
    {
        _registration.Dispose();
        _completion.TrySetCanceled(CancellationToken);
    }
}
