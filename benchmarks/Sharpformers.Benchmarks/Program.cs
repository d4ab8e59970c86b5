using BenchmarkDotNet.Running;

if (args is ["hub", ..])
{
    return await Sharpformers.Benchmarks.Hub.HubDownloadHarness.RunAsync(args);
}

if (args is ["scaling", ..])
{
    return Sharpformers.Benchmarks.Scaling.ScalingHarness.Run(args);
}

if (args is ["tokenizers-default", ..])
{
    return Sharpformers.Benchmarks.Tokenization.DefaultSettingsHarness.Run(args);
}

if (args is ["scaling-plot", ..])
{
    return Sharpformers.Benchmarks.Scaling.ScalingPlot.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
