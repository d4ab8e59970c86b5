// The snippets are user code copied verbatim from the README, so they do not pass the test cancellation token.
#pragma warning disable xUnit1051

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Sharpformers.Generation;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using Sharpformers.Pipelines;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;
using ChatMessage = Sharpformers.Tokenization.ChatMessage;

namespace Sharpformers.IntegrationTests;

/// <summary>
/// The README's quick starts, verbatim, compiled and run on the fixture model. <see cref="ReadmeTests"/> checks that every
/// C# block of the README appears in this file, so the README cannot drift from code that builds and runs.
/// </summary>
public sealed class ReadmeQuickStarts
{
    private static string Model => Fixtures.Require("models", "tiny-random-llama-fp16");

    [Fact]
    public async Task Quick_start_1_pipeline()
    {
        var model = Model;
        var output = new StringWriter();
        var Console = output;

        // README: pipeline
        using var generator = Pipeline.CreateTextGeneration(model);
        var results = await generator.ChatAsync(
            [new ChatMessage("user", "Việt Nam là quốc gia như thế nào?")],
            new TextGenerationParameters { MaxNewTokens = 32 });
        Console.WriteLine(results[0].GeneratedText);

        using var pipe = Pipeline.Create("text-generation", model);  // untyped, like transformers' pipeline(...)
        var outputs = await pipe.RunAsync("Hello", new Dictionary<string, object?> { ["max_new_tokens"] = 20 });
        // README end

        Assert.Equal(results[0].GeneratedText + Environment.NewLine, output.ToString());
        Assert.InRange(Assert.IsAssignableFrom<IReadOnlyList<TextGenerationResult>>(outputs)[0].CompletionTokenCount, 1, 20);
    }

    [Fact]
    public async Task Quick_start_2_tokenizer_and_model()
    {
        var model = Model;
        var output = new StringWriter();
        var Console = output;

        // README: low level
        var tokenizer = AutoTokenizer.FromPretrained(model);
        using var lm = AutoModelForCausalLM.FromPretrained(model);
        long[] prompt = [.. tokenizer.Encode("Việt Nam là").Ids.Select(id => (long)id)];

        var beams = lm.Generate(prompt, new GenerationConfig { MaxNewTokens = 16, NumBeams = 4 });
        Console.WriteLine(tokenizer.Decode(beams.Sequences[0].Select(id => (int)id), skipSpecialTokens: true));

        var sampling = new GenerationConfig { MaxNewTokens = 16, DoSample = true, TopP = 0.9f, Seed = 42 };
        await foreach (var token in lm.GenerateStreamAsync(prompt, sampling, new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer() }))
        {
            Console.Write(token.Text);
        }
        // README end

        var text = output.ToString();
        Assert.StartsWith("Việt Nam là", text, StringComparison.Ordinal);
        Assert.True(text.Length > text.IndexOf(Environment.NewLine, StringComparison.Ordinal) + Environment.NewLine.Length, "the sampled continuation was streamed");
    }

    [Fact]
    public async Task Quick_start_3_dependency_injection()
    {
        var model = Model;
        var builder = WebApplication.CreateSlimBuilder();

        // README: dependency injection
        builder.Services.AddSharpformers(builder.Configuration)   // binds the "Sharpformers" section
            .AddTextGenerationPipeline(model)                    // a singleton, loaded once on first use
            .AddChatClient();                                    // Microsoft.Extensions.AI IChatClient over it

        var app = builder.Build();
        app.MapPost("/chat", async (IChatClient chat, string text) => (await chat.GetResponseAsync(text)).Text);
        // README end

        await using (app)
        {
            var chat = app.Services.GetRequiredService<IChatClient>();
            var reply = await chat.GetResponseAsync("Xin chào", new ChatOptions { MaxOutputTokens = 4 }, TestContext.Current.CancellationToken);
            Assert.InRange(reply.Usage!.OutputTokenCount!.Value, 1, 4);
        }
    }
}
