using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sharpformers.Generation.Batching;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Streaming;
using Sharpformers.Generation.Tests.Constraints;
using Sharpformers.Generation.Tests.Fixtures;
using Sharpformers.Models;
using Sharpformers.Testing.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Generation.Tests.Batching;

/// <summary>
/// Constrained requests (JSON schema, regex, choice) share the batch with unconstrained ones: each row carries its own
/// constraint state, so every request returns exactly the tokens <c>Generate</c> returns for it alone (fp32 builder
/// models), and the constrained rows really ran inside the shared steps, next to other rows.
/// </summary>
public sealed class SchedulerConstraintTests
{
    private const string Schema = """{"type":"object","properties":{"a":{"enum":["x","yy"]},"b":{"type":"boolean"},"n":{"type":"integer","minimum":-5,"maximum":5}},"required":["a","b","n"],"additionalProperties":false}""";

    private const string Pattern = "[a-z]{2,6}@[a-z]{2,4}\\.(com|org)";

    public static TheoryData<ModelFamily, ExportLayout> Layouts => new()
    {
        { ModelFamily.Llama, ExportLayout.Optimum },
        { ModelFamily.Gpt2, ExportLayout.Merged },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Constrained_and_unconstrained_requests_in_one_batch_equal_each_request_alone(ModelFamily family, ExportLayout layout)
    {
        var model = BuilderModels.Get(family, layout);
        var tokenizer = AutoTokenizer.FromPretrained(model.ModelDirectory);
        var ct = TestContext.Current.CancellationToken;
        var prompts = SchedulerEquivalenceTests.Prompts(10);
        var constraints = new TokenConstraint?[]
        {
            TokenConstraint.JsonSchema(Schema), null, TokenConstraint.Regex(Pattern), null, TokenConstraint.Choice(["alpha", "beta gamma", "delta"]),
            TokenConstraint.JsonSchema(Schema), null, TokenConstraint.Regex(Pattern), TokenConstraint.JsonSchema(Schema), null,
        };
        var configs = prompts.Select((_, i) => Config(i)).ToArray();
        var seen = new ConcurrentBag<(int Request, string? Thread, int Active)>();
        GenerationScheduler? running = null;
        GenerationOptions Options(int i) => new()
        {
            Tokenizer = constraints[i] is null ? null : tokenizer.AsGenerationTokenizer(),
            Constraint = constraints[i],
            LogitsProcessors = [new Witness(() => seen.Add((i, Thread.CurrentThread.Name, running?.ActiveCount ?? 0)))],
        };

        var alone = prompts.Select((p, i) => model.Generate((IReadOnlyList<long>)p, configs[i], Options(i), ct).Sequences[0]).ToArray();
        seen.Clear();

        using var scheduler = running = new GenerationScheduler(model, new GenerationSchedulerOptions { MaxBatchSize = 4 });
        Assert.All(prompts.Select((_, i) => (configs[i], Options(i))), x => Assert.True(GenerationScheduler.CanBatch(x.Item1, x.Item2)));
        var tasks = new Task<GenerationResult>[prompts.Length];
        for (var i = 0; i < 5; i++)
        {
            tasks[i] = scheduler.GenerateAsync(prompts[i], configs[i], Options(i), ct);
        }

        // The rest arrive while the first rows run: they queue, then join as rows leave.
        await Task.WhenAny(tasks[..5]);
        for (var i = 5; i < prompts.Length; i++)
        {
            tasks[i] = scheduler.GenerateAsync(prompts[i], configs[i], Options(i), ct);
        }

        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.True(alone[i].SequenceEqual(results[i].Sequences[0]), $"request {i} ({constraints[i]?.GetType().Name ?? "unconstrained"}, {(configs[i].DoSample ? "sampled" : "greedy")}) differs from its run alone");
            // A row cut by max_new_tokens holds a prefix of a valid text; the equality above covers it.
            if (constraints[i] is not null && results[i].Sequences[0].Length < results[i].PromptLength + configs[i].MaxNewTokens)
            {
                AssertSatisfied(i, ConstrainedGenerationTests.TextOf(tokenizer, results[i].NewTokens(0), model.GenerationConfig));
            }
        }

        // Every constrained row chose its tokens on the scheduler's loop thread, at steps shared with other rows.
        for (var i = 0; i < prompts.Length; i++)
        {
            var steps = seen.Where(s => s.Request == i).ToArray();
            Assert.NotEmpty(steps);
            Assert.All(steps, s => Assert.Equal("Sharpformers generation scheduler", s.Thread));
            if (constraints[i] is not null && i < 4)
            {
                Assert.Contains(steps, s => s.Active >= 2);
            }
        }

        await SchedulerEquivalenceTests.AssertIdle(scheduler);
    }

    [Fact]
    public async Task A_streamed_constrained_request_shares_the_batch_and_yields_its_constrained_text()
    {
        var model = BuilderModels.Get(ModelFamily.Llama, ExportLayout.Optimum);
        var tokenizer = AutoTokenizer.FromPretrained(model.ModelDirectory);
        var ct = TestContext.Current.CancellationToken;
        long[] prompt = [5, 17, 40, 2];
        var config = new GenerationConfig { MaxNewTokens = 40 };
        var options = new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer(), Constraint = TokenConstraint.JsonSchema(Schema) };
        var alone = model.Generate((IReadOnlyList<long>)prompt, config, options, ct).NewTokens(0).ToArray();

        using var scheduler = new GenerationScheduler(model);
        var neighbour = scheduler.GenerateAsync([9, 9, 30], new GenerationConfig { MaxNewTokens = 60, EosTokenId = [] }, cancellationToken: ct);
        var streamed = new List<long>();
        await foreach (var token in scheduler.GenerateStreamAsync(prompt, config, options, ct))
        {
            streamed.Add(token.TokenId);
        }

        Assert.Equal(alone, streamed);
        await neighbour;
        await SchedulerEquivalenceTests.AssertIdle(scheduler);
    }

    private static void AssertSatisfied(int request, string text)
    {
        if (text.StartsWith('{'))
        {
            using var json = JsonDocument.Parse(text);
            Assert.True(json.RootElement.GetProperty("b").ValueKind is JsonValueKind.True or JsonValueKind.False, $"request {request}: {text}");
            Assert.InRange(json.RootElement.GetProperty("n").GetInt32(), -5, 5);
        }
        else if (text.Contains('@', StringComparison.Ordinal))
        {
            Assert.Matches(new Regex("^" + Pattern + "$"), text);
        }
        else
        {
            Assert.Contains(text, new[] { "alpha", "beta gamma", "delta" });
        }
    }

    private static GenerationConfig Config(int i) => (i % 3) switch
    {
        0 => new GenerationConfig { MaxNewTokens = 48 },
        1 => new GenerationConfig { MaxNewTokens = 10 + i, EosTokenId = [] },
        _ => new GenerationConfig { MaxNewTokens = 40, DoSample = true, Seed = 3 + i, Temperature = 1.2f, TopK = 0 },
    };

    /// <summary>Leaves the scores as they are and reports each call (which thread chose the token, how many rows ran).</summary>
    private sealed class Witness(Action onStep) : ILogitsProcessor
    {
        public void Process(ReadOnlySpan<long> sequence, Span<float> scores) => onStep();
    }
}
