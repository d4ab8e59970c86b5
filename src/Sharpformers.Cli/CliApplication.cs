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
        var verbose = new Option<bool>("--verbose") { Description = "On failure, print the whole exception (stack trace included) after the error line.", Recursive = true };
        root.Options.Add(verbose);
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
                await stderr.WriteLineAsync($"error: {CliMessages.ParseError(error.Message)}").ConfigureAwait(false);
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
        catch (ArgumentException ex) when (ex.ParamName == "dtype")
        {
            // An unknown --dtype is a usage error like any other bad option value.
            await stderr.WriteLineAsync($"error: --dtype: {CliMessages.OneLine(ex)}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"error: {CliMessages.OneLine(ex)}").ConfigureAwait(false);
            if (parse.GetValue(verbose))
            {
                await stderr.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.RuntimeError;
        }
    }
}
