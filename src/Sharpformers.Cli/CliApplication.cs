using System.CommandLine;
using Sharpformers.Cli.Commands;

namespace Sharpformers.Cli;

/// <summary>Builds the <c>sharpformers</c> command tree and runs it with the exit codes of the CLI contract.</summary>
internal static class CliApplication
{
    /// <summary>Parses and runs one command line.</summary>
    /// <returns>0 on success, 1 on a runtime error, 2 on a usage error.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Sharpformers: Hugging Face models in .NET (tokenize, download, generate, chat, serve, run).");
        root.Subcommands.Add(EnvCommand.Create(stdout));
        root.Subcommands.Add(DownloadCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScanCacheCommand.Create(stdout, stderr));
        root.Subcommands.Add(GenerateCommand.Create(stdout, stderr));
        root.Subcommands.Add(ChatCommand.Create(Console.In, stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stderr));
        root.Subcommands.Add(TokenizeCommand.Create(Console.In, stdout));
        root.Subcommands.Add(RunCommand.Create(Console.In, stdout));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false })
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.RuntimeError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"error: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.RuntimeError;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
