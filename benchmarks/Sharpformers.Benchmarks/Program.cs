using BenchmarkDotNet.Running;

if (args is ["hub", ..])
{
    return await Sharpformers.Benchmarks.Hub.HubDownloadHarness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
