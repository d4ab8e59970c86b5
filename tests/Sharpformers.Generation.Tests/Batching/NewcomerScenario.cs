using Sharpformers.Generation.Batching;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests.Batching;

/// <summary>
/// A running row and a newcomer that joins it mid-way: the scheduler's loop logs each token choice in order, 'b' for the
/// running row and 'n' for the newcomer, and the newcomer is submitted from the running row's third step. Both must give
/// the same tokens as run alone and the scheduler must end idle; the log tells how the newcomer's prefill was spread.
/// </summary>
internal static class NewcomerScenario
{
    /// <summary>The step log and where in it the newcomer was submitted.</summary>
    internal sealed record Run(IReadOnlyList<char> Log, int SubmittedAt)
    {
        /// <summary>Steps of the running row between the newcomer's submission and its first token.</summary>
        public int RunningStepsBeforeFirstNewcomerToken
        {
            get
            {
                var firstNewcomer = Log.ToList().IndexOf('n');
                return Log.Skip(SubmittedAt).Take(firstNewcomer - SubmittedAt).Count(c => c == 'b');
            }
        }

        public override string ToString() => new([.. Log]);
    }

    public static async Task<Run> RunAsync(
        CausalLanguageModel model,
        long[] runningPrompt,
        GenerationConfig runningConfig,
        long[] newcomerPrompt,
        GenerationConfig newcomerConfig,
        int prefillChunkTokens,
        CancellationToken ct)
    {
        var runningAlone = model.Generate((IReadOnlyList<long>)runningPrompt, runningConfig, cancellationToken: ct).Sequences[0];
        var newcomerAlone = model.Generate((IReadOnlyList<long>)newcomerPrompt, newcomerConfig, cancellationToken: ct).Sequences[0];

        var log = new List<char>();
        var submittedAt = -1;
        Task<GenerationResult>? joining = null;
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { PrefillChunkTokens = prefillChunkTokens });
        var runningOptions = new GenerationOptions
        {
            LogitsProcessors = [new StepRecorder(() =>
            {
                log.Add('b');
                if (log.Count == 3)
                {
                    submittedAt = log.Count;
                    joining = scheduler.GenerateAsync(newcomerPrompt, newcomerConfig, new GenerationOptions { LogitsProcessors = [new StepRecorder(() => log.Add('n'))] }, ct);
                }
            })],
        };
        var running = await scheduler.GenerateAsync(runningPrompt, runningConfig, runningOptions, ct);
        Assert.NotNull(joining);
        var joined = await joining;
        Assert.Equal(newcomerAlone, joined.Sequences[0]);
        Assert.Equal(runningAlone, running.Sequences[0]);
        await SchedulerEquivalenceTests.AssertIdle(scheduler);
        return new Run(log, submittedAt);
    }
}

/// <summary>Leaves the scores as they are and reports each call (one per generated token of its request).</summary>
internal sealed class StepRecorder(Action onStep) : Sharpformers.Generation.LogitsProcessing.ILogitsProcessor
{
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => onStep();
}
