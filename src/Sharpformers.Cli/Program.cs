using Sharpformers.Cli;
using Sharpformers.Cli.Commands;

ColdStartTimings.Mark(Console.Error, "main");

return await CliApplication.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
