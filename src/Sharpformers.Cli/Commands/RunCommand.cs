using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sharpformers.Pipelines;

namespace Sharpformers.Cli.Commands;

/// <summary>
/// <c>sharpformers run &lt;task&gt; &lt;model&gt; [--options JSON]</c>: any pipeline over JSON lines. Each stdin line is one input
/// (see <see cref="RunInput"/>); each stdout line the pipeline's result in transformers' output shape (snake_case fields).
/// </summary>
internal static class RunCommand
{
    private static JsonSerializerOptions? outputOptions;

    /// <summary>Creates the command reading <paramref name="stdin"/> and writing one JSON line per input to <paramref name="stdout"/>.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout)
    {
        var task = new Argument<string>("task") { Description = $"The task: {string.Join(", ", Pipeline.SupportedTasks)}." };
        var model = new Argument<string>("model") { Description = "Local model folder or Hub repo id." };
        var options = new Option<string?>("--options") { Description = "Pipeline arguments as a JSON object with transformers names, e.g. {\"top_k\":2}." };
        var dtype = new Option<string?>("--dtype") { Description = "ONNX variant (fp16, q4, ...)." };
        var command = new Command("run", "Run a pipeline on JSON inputs from stdin (one per line), writing one JSON result per line.")
        {
            task, model, options, dtype,
        };
        command.Validators.Add(result =>
        {
            var name = result.GetValue(task);
            if (name is not null && !Pipeline.SupportedTasks.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"unknown task '{name}'; supported tasks: {string.Join(", ", Pipeline.SupportedTasks)}");
            }

            if (result.GetValue(options) is { } json && RunInput.ParseOptions(json) is null)
            {
                result.AddError("--options must be a JSON object, e.g. {\"top_k\": 2}");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported)
            {
                throw new NotSupportedException(
                    "'sharpformers run' is not available in the Native AOT build of the tool: it writes any pipeline's results " +
                    "through reflection-based JSON. Use the tool from 'dotnet tool install Sharpformers.Cli' (ReadyToRun) for 'run'.");
            }

            var taskName = parse.GetValue(task)!;
            var kwargs = parse.GetValue(options) is { } json ? RunInput.ParseOptions(json)! : new Dictionary<string, object?>();
            var pipelineOptions = new PipelineOptions();
            pipelineOptions.Model.Dtype = parse.GetValue(dtype);
            using var pipeline = await Pipeline.CreateAsync(taskName, parse.GetValue(model)!, pipelineOptions, cancellationToken).ConfigureAwait(false);
            var lineNumber = 0;
            while (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var input = RunInput.Parse(line, lineNumber, kwargs);
                object result;
                try
                {
                    result = await pipeline.RunAsync(input.Inputs, input.Arguments, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException ex)
                {
                    throw new FormatException($"stdin line {lineNumber}: {ex.Message}", ex);
                }

                await stdout.WriteLineAsync(Serialize(Shape(result))).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A pipeline result as JSON through reflection (the results are many types, some built at run time). Only reached when
    /// dynamic code is supported: the Native AOT build refuses <c>run</c> up front with a clear message.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when RuntimeFeature.IsDynamicCodeSupported; the tool is not trimmed outside Native AOT, where 'run' is refused.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when RuntimeFeature.IsDynamicCodeSupported; Native AOT builds refuse 'run' before this point.")]
    private static string Serialize(object value) => JsonSerializer.Serialize(value, outputOptions ??= new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    });

    /// <summary>Text generation results as transformers prints them (<c>[{"generated_text": ...}]</c>); other results as they are.</summary>
    private static object Shape(object result) => result switch
    {
        IReadOnlyList<TextGenerationResult> one => one.Select(r => new { generated_text = r.GeneratedText }).ToArray(),
        IReadOnlyList<IReadOnlyList<TextGenerationResult>> many => many.Select(Shape).ToArray(),
        _ => result,
    };
}
