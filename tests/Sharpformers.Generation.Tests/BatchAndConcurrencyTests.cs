using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;

namespace Sharpformers.Generation.Tests;

public sealed class BatchAndConcurrencyTests
{
    private static readonly long[][] Prompts =
    [
        [52, 195, 731, 321, 301, 734, 620],
        [41, 554, 74],
        [328, 219, 328, 206, 288],
        [7],
    ];

    private static GenerationConfig Greedy(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens, EosTokenId = [98], PadTokenId = 98 };

    [Fact]
    public void Each_prompt_of_a_left_padded_batch_yields_the_same_greedy_tokens_as_alone()
    {
        var model = ModelCache.Gpt2();
        var ct = TestContext.Current.CancellationToken;
        var batch = model.Generate(Prompts, Greedy(12), cancellationToken: ct);
        var width = Prompts.Max(p => p.Length);
        Assert.Equal(width, batch.PromptLength);
        for (var i = 0; i < Prompts.Length; i++)
        {
            var alone = model.Generate((IReadOnlyList<long>)Prompts[i], Greedy(12), cancellationToken: ct);
            var aloneNew = alone.NewTokens(0).ToArray();
            var batchNew = batch.NewTokens(i).ToArray();

            // Left padding: pad ids, then the prompt.
            Assert.All(batch.Sequences[i][..(width - Prompts[i].Length)], id => Assert.Equal(98, id));
            Assert.Equal(Prompts[i], batch.Sequences[i][(width - Prompts[i].Length)..width]);
            Assert.Equal(aloneNew, batchNew[..aloneNew.Length]);
            // A row that finished earlier than the batch is right-filled with the pad id.
            Assert.All(batchNew[aloneNew.Length..], id => Assert.Equal(98, id));
        }
    }

    [Fact]
    public void Beam_search_on_a_left_padded_batch_matches_each_prompt_alone()
    {
        var model = ModelCache.Gpt2();
        var ct = TestContext.Current.CancellationToken;
        var config = new GenerationConfig { MaxNewTokens = 8, NumBeams = 3, NumReturnSequences = 2, EosTokenId = [98], PadTokenId = 98 };
        var batch = model.Generate(Prompts, config, cancellationToken: ct);
        for (var i = 0; i < Prompts.Length; i++)
        {
            var alone = model.Generate((IReadOnlyList<long>)Prompts[i], config, cancellationToken: ct);
            for (var j = 0; j < 2; j++)
            {
                var aloneNew = alone.NewTokens(j).ToArray();
                var batchNew = batch.NewTokens((i * 2) + j).ToArray();
                Assert.Equal(aloneNew, batchNew[..aloneNew.Length]);
                Assert.All(batchNew[aloneNew.Length..], id => Assert.Equal(98, id));
            }
        }
    }

    [Fact]
    public async Task Eight_concurrent_generations_on_one_model_equal_sequential_runs()
    {
        var model = ModelCache.Llama();
        var ct = TestContext.Current.CancellationToken;
        var prompts = new long[8][];
        for (var i = 0; i < prompts.Length; i++)
        {
            prompts[i] = [1, 15043 + (i * 37), 3186 + i, 29892 - (i * 11)];
        }

        var configs = new GenerationConfig[8];
        for (var i = 0; i < configs.Length; i++)
        {
            configs[i] = i % 2 == 0
                ? new GenerationConfig { MaxNewTokens = 16 }
                : new GenerationConfig { MaxNewTokens = 16, DoSample = true, Seed = i, TopK = 20, Temperature = 0.8f };
        }

        var sequential = new long[8][];
        for (var i = 0; i < prompts.Length; i++)
        {
            sequential[i] = model.Generate((IReadOnlyList<long>)prompts[i], configs[i], cancellationToken: ct).Sequences[0];
        }

        var tasks = new Task<GenerationResult>[8];
        for (var i = 0; i < prompts.Length; i++)
        {
            tasks[i] = model.GenerateAsync((IReadOnlyList<long>)prompts[i], configs[i], cancellationToken: ct);
        }

        var concurrent = await Task.WhenAll(tasks);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(sequential[i], concurrent[i].Sequences[0]);
        }
    }

    [Fact]
    public void Sampling_with_the_same_seed_gives_the_same_tokens_and_another_seed_differs()
    {
        var model = ModelCache.Llama();
        var ct = TestContext.Current.CancellationToken;
        long[] prompt = [1, 15043, 3186];
        GenerationConfig Config(int seed) => new() { MaxNewTokens = 24, DoSample = true, Seed = seed, TopK = 0 };
        var a = model.Generate((IReadOnlyList<long>)prompt, Config(7), cancellationToken: ct).Sequences[0];
        var b = model.Generate((IReadOnlyList<long>)prompt, Config(7), cancellationToken: ct).Sequences[0];
        var c = model.Generate((IReadOnlyList<long>)prompt, Config(8), cancellationToken: ct).Sequences[0];
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Beam_search_returns_num_return_sequences_rows_per_prompt_best_first()
    {
        var model = ModelCache.Gpt2();
        var config = new GenerationConfig { MaxNewTokens = 6, NumBeams = 4, NumReturnSequences = 3, OutputScores = true, EosTokenId = [98], PadTokenId = 98 };
        var result = model.Generate([Prompts[0], Prompts[1]], config, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, result.Sequences.Count);
        Assert.NotNull(result.SequenceScores);
        for (var b = 0; b < 2; b++)
        {
            Assert.True(result.SequenceScores[(b * 3) + 0] >= result.SequenceScores[(b * 3) + 1]);
            Assert.True(result.SequenceScores[(b * 3) + 1] >= result.SequenceScores[(b * 3) + 2]);
            Assert.Equal(3, result.Sequences.Skip(b * 3).Take(3).Select(s => string.Join(',', s)).Distinct().Count());
            for (var j = 0; j < 3; j++)
            {
                // transformers' compute_transition_scores recipe: sum of token log-probabilities / generated length^length_penalty.
                var logProbabilities = result.TokenLogProbabilities![(b * 3) + j];
                Assert.Equal(result.SequenceScores[(b * 3) + j], logProbabilities.Sum() / logProbabilities.Length, 3);
            }
        }
    }

    [Fact]
    public void Cancellation_stops_generation_with_OperationCanceledException()
    {
        var model = ModelCache.Llama();
        using var cts = new CancellationTokenSource();
        var criteria = new CancelAfter(3, cts);
        Assert.ThrowsAny<OperationCanceledException>(() => model.Generate(
            (IReadOnlyList<long>)[1, 15043],
            new GenerationConfig { MaxNewTokens = 50 },
            new GenerationOptions { StoppingCriteria = [criteria] },
            cts.Token));
        Assert.Equal(3, criteria.Calls);
    }

    [Fact]
    public void User_stopping_criteria_stop_the_row()
    {
        var model = ModelCache.Llama();
        var result = model.Generate(
            (IReadOnlyList<long>)[1, 15043],
            new GenerationConfig { MaxNewTokens = 50 },
            new GenerationOptions { StoppingCriteria = [new StopAtLength(6)] },
            TestContext.Current.CancellationToken);
        Assert.Equal(6, result.Sequences[0].Length);
    }

    private sealed class CancelAfter(int calls, CancellationTokenSource source) : Sharpformers.Generation.Stopping.IStoppingCriteria
    {
        public int Calls { get; private set; }

        public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores)
        {
            if (++Calls == calls)
            {
                source.Cancel();
            }

            return false;
        }
    }

    private sealed class StopAtLength(int length) : Sharpformers.Generation.Stopping.IStoppingCriteria
    {
        public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores) => sequence.Length >= length;
    }
}
