using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Testing.Models;

namespace Sharpformers.Generation.Tests.Batching;

/// <summary>Limits, first-come-first-served admission, the typed refusal and the metrics of the scheduler.</summary>
[Collection(SchedulerMeterCollection.Name)]
public sealed class SchedulerAdmissionTests
{
    private static GenerationConfig Long(int tokens = 40) => new() { MaxNewTokens = tokens, EosTokenId = [] };

    [Fact]
    public async Task A_full_queue_refuses_with_a_typed_exception_and_nothing_waits_unbounded()
    {
        var model = BuilderModels.Get(ModelFamily.Llama, ExportLayout.Optimum);
        var ct = TestContext.Current.CancellationToken;
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 1, MaxQueueLength = 2, RetryAfter = TimeSpan.FromSeconds(3) });
        var prompts = SchedulerEquivalenceTests.Prompts(4);
        var running = scheduler.GenerateAsync(prompts[0], Long(), cancellationToken: ct);
        var waiting = new[] { scheduler.GenerateAsync(prompts[1], Long(), cancellationToken: ct), scheduler.GenerateAsync(prompts[2], Long(), cancellationToken: ct) };
        var refused = Assert.Throws<GenerationQueueFullException>(() => { _ = scheduler.GenerateAsync(prompts[3], Long(), cancellationToken: ct); });
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        Assert.Equal(2, refused.QueueLength);
        await Task.WhenAll([running, .. waiting]);
        await SchedulerEquivalenceTests.AssertIdle(scheduler);
    }

    [Fact]
    public async Task Requests_are_admitted_first_come_first_served_even_when_a_later_one_is_smaller()
    {
        var model = BuilderModels.Get(ModelFamily.Gpt2, ExportLayout.Merged);
        var ct = TestContext.Current.CancellationToken;

        // Room for one long request at a time: a short request behind a long one must not overtake it.
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 8, MaxTokensInFlight = 60 });
        var prompts = SchedulerEquivalenceTests.Prompts(5);
        var order = new ConcurrentQueue<int>();
        var tasks = new List<Task>();
        int[] lengths = [40, 40, 4, 40, 4];
        for (var i = 0; i < lengths.Length; i++)
        {
            var index = i;
            tasks.Add(scheduler.GenerateAsync(prompts[i], Long(lengths[i]), cancellationToken: ct).ContinueWith(_ => order.Enqueue(index), ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        await Task.WhenAll(tasks);

        // Request 2 (short) waits behind 1 (long): it cannot finish before 1 was admitted, so not before 0 finished.
        var finished = order.ToArray();
        Assert.True(Array.IndexOf(finished, 0) < Array.IndexOf(finished, 2), string.Join(",", finished));
        Assert.True(Array.IndexOf(finished, 1) < Array.IndexOf(finished, 3), string.Join(",", finished));
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_leaves_the_queue()
    {
        var model = BuilderModels.Get(ModelFamily.Llama, ExportLayout.Optimum);
        var ct = TestContext.Current.CancellationToken;
        using var scheduler = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 1, MaxQueueLength = 1 });
        var prompts = SchedulerEquivalenceTests.Prompts(3);
        var running = scheduler.GenerateAsync(prompts[0], Long(60), cancellationToken: ct);
        using var cancel = new CancellationTokenSource();
        var queued = scheduler.GenerateAsync(prompts[1], Long(), cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, scheduler.QueueLength);

        // Its place is free again.
        var next = scheduler.GenerateAsync(prompts[2], Long(4), cancellationToken: ct);
        await Task.WhenAll(running, next);
    }

    [Fact]
    public async Task Metrics_report_tokens_batch_occupancy_and_time_to_first_token()
    {
        var model = BuilderModels.Get(ModelFamily.Llama, ExportLayout.Genai);
        var ct = TestContext.Current.CancellationToken;
        long tokens = 0;
        var batchSizes = new ConcurrentBag<long>();
        var firstTokens = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GenerationScheduler.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "sharpformers.generation.tokens")
            {
                Interlocked.Add(ref tokens, value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "sharpformers.generation.batch_size")
            {
                batchSizes.Add(value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "sharpformers.generation.time_to_first_token")
            {
                firstTokens.Add(value);
            }
        });
        listener.Start();

        using var scheduler = new GenerationScheduler(model);
        var prompts = SchedulerEquivalenceTests.Prompts(6);
        await Task.WhenAll(prompts.Select(p => scheduler.GenerateAsync(p, Long(12), cancellationToken: ct)));
        Assert.Equal(6 * 12, Interlocked.Read(ref tokens));
        Assert.Equal(6, firstTokens.Count);
        Assert.All(firstTokens, t => Assert.True(t > 0));
        Assert.True(batchSizes.Max() > 1, "rows should have shared steps");
    }
}
