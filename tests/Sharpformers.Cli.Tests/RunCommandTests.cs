using System.Text.Json;
using Sharpformers.Pipelines;
using Sharpformers.Pipelines.Tests.Encoders;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

/// <summary><c>sharpformers run &lt;task&gt; &lt;model&gt;</c> as a process: JSON lines in, transformers-shaped JSON lines out, equal to the in-process pipelines.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Text_classification_writes_label_and_score_per_line_for_texts_and_pairs()
    {
        var model = EncoderFixtures.DistilBert;
        var result = await CliProcess.RunAsync(["run", "text-classification", model, "--options", """{"top_k": null}"""],
            stdin: "\"I love this movie\"\n{\"text\": \"a question\", \"text_pair\": \"an answer\"}\n");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);

        using var pipeline = Pipeline.CreateTextClassification(model);
        var all = new TextClassificationOptions { TopK = null };
        var expected = new[]
        {
            await pipeline.ClassifyAsync(new TextClassificationInput("I love this movie"), all, TestContext.Current.CancellationToken),
            await pipeline.ClassifyAsync(new TextClassificationInput("a question", "an answer"), all, TestContext.Current.CancellationToken),
        };
        for (var i = 0; i < 2; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var labels = json.RootElement.EnumerateArray().ToArray();
            Assert.Equal(expected[i].Count, labels.Length);
            for (var j = 0; j < labels.Length; j++)
            {
                Assert.Equal(expected[i][j].Label, labels[j].GetProperty("label").GetString());
                Assert.Equal(expected[i][j].Score, labels[j].GetProperty("score").GetSingle());
            }
        }
    }

    [Fact]
    public async Task Text_ranking_sorts_documents_as_the_reranker_does()
    {
        var model = EncoderFixtures.DistilBert;
        string[] documents = ["Hà Nội là thủ đô của Việt Nam.", "The cat sat on the mat.", "Paris is the capital of France."];
        var line = JsonSerializer.Serialize(new { query = "capital city", documents });
        var result = await CliProcess.RunAsync(["run", "text-ranking", model], stdin: line + "\n");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);

        using var pipeline = Pipeline.CreateReranking(model);
        var expected = await pipeline.RerankAsync("capital city", documents, cancellationToken: TestContext.Current.CancellationToken);
        var actual = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(expected.Select(r => r.Index), actual.Select(a => a.GetProperty("corpus_id").GetInt32()));
        Assert.Equal(expected.Select(r => r.Score), actual.Select(a => a.GetProperty("score").GetSingle()));
        Assert.Equal(expected.Select(r => r.Document), actual.Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Sentence_embeddings_write_one_vector_per_line()
    {
        var model = EncoderFixtures.MiniLm;
        var result = await CliProcess.RunAsync(["run", "sentence-embeddings", model, "--options", """{"truncate_dim": 8}"""], stdin: "\"Xin chào thế giới\"\n");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pipeline = Pipeline.CreateSentenceEmbeddings(model);
        var expected = await pipeline.EmbedAsync("Xin chào thế giới", new EmbeddingOptions { TruncateDim = 8 }, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(expected, json.RootElement.EnumerateArray().Select(v => v.GetSingle()).ToArray());
    }

    [Fact]
    public async Task Text_generation_writes_generated_text_as_transformers_prints_it()
    {
        var model = Fixtures.Require("models", "tiny-random-llama-fp16");
        var result = await CliProcess.RunAsync(["run", "text-generation", model, "--options", """{"max_new_tokens": 3, "do_sample": false}"""], stdin: "\"Hello\"\n");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var pipeline = Pipeline.CreateTextGeneration(model);
        var expected = await pipeline.GenerateAsync("Hello", new() { MaxNewTokens = 3 }, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(result.Stdout);
        var only = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        Assert.Equal(expected[0].GeneratedText, only.GetProperty("generated_text").GetString());
        Assert.Single(only.EnumerateObject());
    }

    [Theory]
    [InlineData("no-such-task", null, "unknown task")]
    [InlineData("text-classification", "[1]", "--options must be a JSON object")]
    public async Task Usage_errors_exit_2(string task, string? options, string message)
    {
        string[] args = options is null ? ["run", task, "model"] : ["run", task, "model", "--options", options];
        var result = await CliProcess.RunAsync(args, stdin: "");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "stdin line 1: not valid JSON")]
    [InlineData("{\"texts\": \"x\"}", "stdin line 1: an object input needs")]
    [InlineData("{\"query\": \"q\", \"documents\": [\"a\"]}\n{\"query\": \"q\", \"documents\": \"d\"}", "stdin line 2: 'documents' must be an array of strings")]
    [InlineData("\"just a string\"", "stdin line 1: text-ranking takes a (query, documents)")]
    public async Task Bad_input_lines_exit_1_with_one_line_naming_the_line(string stdin, string message)
    {
        var result = await CliProcess.RunAsync(["run", "text-ranking", EncoderFixtures.DistilBert], stdin: stdin + "\n");
        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_the_head_the_task_needs_exits_1_with_one_line()
    {
        var result = await CliProcess.RunAsync(["run", "text-classification", EncoderFixtures.MiniLm], stdin: "\"x\"\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }
}
