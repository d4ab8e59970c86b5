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
        var task = new Option<string>("--task")
        {
            Description = "What to serve: text-generation, embeddings or rerank; auto reads the model folder.",
            DefaultValueFactory = _ => "auto",
        };
        task.AcceptOnlyFromAmong(ServedTasks.Names);
        var command = new Command("serve", "Serve a model with an OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings).")
        {
            model, urls, dtype, task,
        };
        command.SetAction(async (parse, ct) =>
        {
            var modelId = parse.GetValue(model)!;
            var served = ServedTasks.Resolve(parse.GetValue(task)!, modelId);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(parse.GetValue(urls)!);
            builder.Logging.ClearProviders();
            ServedModel.Register(builder.Services.AddSharpformers(o => o.DefaultDtype = parse.GetValue(dtype)), served, modelId);
            await using var app = builder.Build();
            ServedModel.Map(app, served, modelId);
            ServedModel.Load(app.Services, served);
            await app.StartAsync(ct).ConfigureAwait(false);
            await stderr.WriteLineAsync($"serving {modelId} on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
