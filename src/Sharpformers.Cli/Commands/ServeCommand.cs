using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sharpformers.Cli.Serving;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Commands;

/// <summary><c>sharpformers serve &lt;model&gt; [--urls URL]</c>: an OpenAI-compatible HTTP server over the DI registration.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stderr)
    {
        var model = new Argument<string>("model") { Description = "Local model folder or Hub repo id." };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
        var dtype = new Option<string?>("--dtype") { Description = "ONNX variant (fp16, q4, ...)." };
        var batching = new ServeBatchingOptions();
        var command = new Command("serve", "Serve a model with an OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/completions).") { model, urls, dtype };
        foreach (var option in batching.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var modelId = parse.GetValue(model)!;
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            builder.Logging.ClearProviders();
            builder.Services.AddSharpformers(o =>
                {
                    o.DefaultDtype = parse.GetValue(dtype);
                    batching.Apply(parse, o);
                })
                .AddTextGenerationPipeline(modelId)
                .AddChatClient();
            await using var app = builder.Build();
            app.UseQueueFullResponses();
            app.MapOpenAiEndpoints(modelId);
            using var metrics = parse.GetValue(batching.Metrics) ? new PrometheusMetrics() : null;
            metrics?.Map(app);

            // Load the model before accepting requests, so a bad model fails the command instead of the first request.
            app.Services.GetRequiredService<TextGenerationPipeline>();
            await app.StartAsync(ct).ConfigureAwait(false);
            await stderr.WriteLineAsync($"serving {modelId} on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
