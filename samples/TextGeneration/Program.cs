// The main job of the README: Pipeline.Create("text-generation", ...) on a small multilingual instruct model.
//   dotnet run --project samples/TextGeneration                      (downloads the default model from the Hub)
//   dotnet run --project samples/TextGeneration -- --model <folder>  (any local model folder)
//   options: --prompt TEXT  --max-new-tokens N  --dtype fp32|fp16|q4|...  --verbose (stack trace on failure)
// A failed download (no network, a wrong HF_ENDPOINT) prints one line saying what failed and what to do, and exits 1.
using Sharpformers.Hub;
using Sharpformers.Pipelines;
using Sharpformers.Tokenization;

var model = Option("--model") ?? "onnx-community/Qwen2.5-0.5B-Instruct";
var prompt = Option("--prompt") ?? "Việt Nam là quốc gia như thế nào?";
var maxNewTokens = int.Parse(Option("--max-new-tokens") ?? "128", System.Globalization.CultureInfo.InvariantCulture);
var dtype = Option("--dtype") ?? (Directory.Exists(model) ? null : "q4");

var options = new PipelineOptions
{
    Model = { Dtype = dtype },
    Progress = new Progress<DownloadProgress>(p => Console.Error.Write($"\rdownloading {model}: {p.TotalBytesDownloaded / 1048576.0:F1} MiB ({p.FilesCompleted}/{p.FilesTotal} files)")),
};
TextGenerationPipeline generator;
try
{
    generator = (TextGenerationPipeline)Pipeline.Create("text-generation", model, options);
}
catch (Exception ex) when (HubErrorAdvice.Describe(ex) is { } line)
{
    Console.Error.WriteLine($"error: {line}");
    if (args.Contains("--verbose"))
    {
        Console.Error.WriteLine(ex);
    }

    return 1;
}

using var disposeGenerator = generator;
Console.Error.WriteLine();
Console.OutputEncoding = System.Text.Encoding.UTF8;
Console.WriteLine($"> {prompt}");

// Stream the assistant's answer as it is generated.
await foreach (var piece in generator.StreamChatAsync([new ChatMessage("user", prompt)], new() { MaxNewTokens = maxNewTokens }))
{
    Console.Write(piece);
}

Console.WriteLine();
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
