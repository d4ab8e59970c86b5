using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Sharpformers.Cli.Serving;
using Sharpformers.Cli.Serving.Errors;
using Sharpformers.Cli.Serving.Security;
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
        var servedName = new Option<string?>("--served-model-name") { Description = "The model name clients send (default: the repo id, or the folder's name)." };
        var apiKey = new Option<string?>("--api-key") { Description = "Require 'Authorization: Bearer <key>' on /v1 routes (also Sharpformers:ApiKey in configuration)." };
        var allowedHosts = new Option<string[]>("--allowed-hosts") { Description = "Extra Host names to accept (default: those of --urls; '*' accepts any).", AllowMultipleArgumentsPerToken = true };
        var corsOrigins = new Option<string[]>("--cors-origins") { Description = "Browser origins allowed to call the server (default: none).", AllowMultipleArgumentsPerToken = true };
        var maxRequestBytes = new Option<long>("--max-request-bytes") { Description = "Largest request body in bytes.", DefaultValueFactory = _ => 8L * 1024 * 1024 };
        var maxPrompts = new Option<int>("--max-prompts") { Description = "Most completions one request may ask for (prompts × n).", DefaultValueFactory = _ => 16 };
        var maxPromptChars = new Option<int>("--max-prompt-chars") { Description = "Most characters of one prompt (or of a chat's messages), checked before tokenizing.", DefaultValueFactory = _ => 1024 * 1024 };
        var task = new Option<string>("--task")
        {
            Description = "What to serve: text-generation, embeddings or rerank; auto reads the model folder.",
            DefaultValueFactory = _ => "auto",
        };
        task.AcceptOnlyFromAmong(ServedTasks.Names);
        var command = new Command("serve", "Serve a model with an OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/rerank, /health).")
        {
            model, urls, dtype, task, servedName, apiKey, allowedHosts, corsOrigins, maxRequestBytes, maxPrompts, maxPromptChars,
        };
        var batching = new ServeBatchingOptions();
        foreach (var option in batching.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(maxRequestBytes) < 1 || parse.GetValue(maxPrompts) < 1 || parse.GetValue(maxPromptChars) < 1)
            {
                await stderr.WriteLineAsync("error: --max-request-bytes, --max-prompts and --max-prompt-chars must be at least 1").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var modelId = parse.GetValue(model)!;
            var served = ServedTasks.Resolve(parse.GetValue(task)!, modelId);
            var listen = parse.GetValue(urls)!;

            // The environment never turns on developer pages (stack traces with source paths) for this server.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.WebHost.UseUrls(listen);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = parse.GetValue(maxRequestBytes);
                kestrel.UseProtocolErrorBodies();
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

            var options = Options(modelId, listen, parse.GetValue(servedName), parse.GetValue(apiKey) ?? builder.Configuration["Sharpformers:ApiKey"],
                parse.GetValue(allowedHosts) ?? [], parse.GetValue(corsOrigins) ?? [], parse.GetValue(maxRequestBytes), parse.GetValue(maxPrompts), parse.GetValue(maxPromptChars), batching.DecodeLoopAdmission(parse));
            builder.Services.AddSingleton(options);
            if (options.CorsOrigins.Count > 0)
            {
                builder.Services.AddCors();
            }

            var sharpformers = builder.Services.AddSharpformers(o =>
            {
                o.DefaultDtype = parse.GetValue(dtype);
                batching.Apply(parse, o);
            });
            ServedModel.Register(sharpformers, served, modelId);
            await using var app = builder.Build();
            Models.OnnxRuntimeLogging.Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OnnxRuntime");
            app.UseStatusCodePages(status => UnmatchedRoute(status.HttpContext));
            app.UseQueueFullResponses();
            app.UseHostAndOriginChecks(options);
            if (options.CorsOrigins.Count > 0)
            {
                app.UseCors(policy => (options.CorsOrigins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins([.. options.CorsOrigins])).AllowAnyHeader().AllowAnyMethod());
            }

            app.UseApiKeyAndContentTypeChecks(options);
            ServedModel.Map(app, served, options);
            using var metrics = parse.GetValue(batching.Metrics) ? new PrometheusMetrics() : null;
            metrics?.Map(app);

            // Load the model before accepting requests, so a bad model fails the command instead of the first request.
            ServedModel.Load(app.Services, served);
            await app.StartAsync(ct).ConfigureAwait(false);
            await stderr.WriteLineAsync($"serving {modelId} as '{options.ServedModelName}' on {string.Join(", ", app.Urls)}").ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static ServeOptions Options(
        string modelId, string urls, string? servedName, string? apiKey, string[] allowedHosts, string[] corsOrigins, long maxRequestBytes, int maxPrompts, int maxPromptChars,
        Serving.Admission.DecodeLoopAdmission? decodeLoops)
    {
        var isFolder = Directory.Exists(modelId);
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelId)));
        var config = Path.Combine(modelId, "config.json");
        var created = isFolder ? (File.Exists(config) ? File.GetLastWriteTimeUtc(config) : Directory.GetLastWriteTimeUtc(modelId)) : DateTime.UtcNow;
        return new ServeOptions
        {
            ServedModelName = servedName is { Length: > 0 } ? servedName : isFolder ? folderName : modelId,
            OwnedBy = !isFolder && modelId.Contains('/', StringComparison.Ordinal) ? modelId[..modelId.IndexOf('/', StringComparison.Ordinal)] : "sharpformers",
            Created = new DateTimeOffset(created, TimeSpan.Zero).ToUnixTimeSeconds(),
            ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey,
            AllowedHosts = LocalServerGuard.AllowedHosts(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), [.. SplitList(allowedHosts)]),
            CorsOrigins = [.. SplitList(corsOrigins).Select(o => o.TrimEnd('/'))],
            MaxRequestBytes = maxRequestBytes,
            MaxPrompts = maxPrompts,
            MaxPromptCharacters = maxPromptChars,
            DecodeLoops = decodeLoops,
        };
    }

    private static IEnumerable<string> SplitList(string[] values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The JSON body of a status the routes left empty (an unknown path, a method a route does not take).</summary>
    private static Task UnmatchedRoute(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var status = context.Response.StatusCode;
        var message = status switch
        {
            404 => $"no route {context.Request.Method} {context.Request.Path}; this server answers /v1/models, /v1/chat/completions, /v1/completions and /health",
            405 => $"{context.Request.Method} is not allowed on {context.Request.Path}",
            _ => $"the request failed with status {status}",
        };
        var code = status switch
        {
            404 => "not_found",
            405 => "method_not_allowed",
            _ => null,
        };
        return new OpenAiError(status, message, "invalid_request_error", null, code).WriteAsync(context.Response);
    }
}
