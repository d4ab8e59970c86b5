using BenchmarkDotNet.Running;

// First, so that the cold-start peer loads nothing but onnxruntime-genai.
if (args is ["genai-console", ..])
{
    return Sharpformers.Benchmarks.ColdStart.GenAiConsole.Run(args);
}

if (args is ["coldstart", ..])
{
    return Sharpformers.Benchmarks.ColdStart.ColdStartHarness.Run(args);
}

if (args is ["generation-overhead", ..])
{
    return Sharpformers.Benchmarks.Generation.GenerationOverheadHarness.Run(args);
}

if (args is ["hub", ..])
{
    return await Sharpformers.Benchmarks.Hub.HubDownloadHarness.RunAsync(args);
}

if (args is ["equal-threads", ..])
{
    return Sharpformers.Benchmarks.Scaling.EqualThreadsHarness.Run(args);
}

if (args is ["scaling", ..])
{
    return Sharpformers.Benchmarks.Scaling.ScalingHarness.Run(args);
}

if (args is ["constraint-latency", ..])
{
    return Sharpformers.Benchmarks.Constraints.ConstraintLatencyHarness.Run(args);
}

if (args is ["batching", ..])
{
    return await Sharpformers.Benchmarks.Batching.BatchingHarness.RunAsync(args);
}

if (args is ["batching-newcomer", ..])
{
    return await Sharpformers.Benchmarks.Batching.NewcomerHarness.RunAsync(args);
}

if (args is ["batching-plot", ..])
{
    return Sharpformers.Benchmarks.Batching.BatchingPlot.Run(args);
}

if (args is ["tokenizers-default", ..])
{
    return Sharpformers.Benchmarks.Tokenization.DefaultSettingsHarness.Run(args);
}

if (args is ["embeddings-graph", ..])
{
    return Sharpformers.Benchmarks.Embeddings.OptimizedGraphHarness.Run(args);
}

if (args is ["embeddings", ..])
{
    return Sharpformers.Benchmarks.Embeddings.EmbeddingsHarness.Run(args);
}

if (args is ["scaling-plot", ..])
{
    return Sharpformers.Benchmarks.Scaling.ScalingPlot.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
