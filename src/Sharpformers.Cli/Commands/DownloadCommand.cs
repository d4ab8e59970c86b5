using System.Collections.Concurrent;
using System.CommandLine;
using Sharpformers.Hub;
using Spectre.Console;

namespace Sharpformers.Cli.Commands;

/// <summary>
/// <c>sharpformers download &lt;repoId&gt;</c>: a snapshot download into the Hub cache (or a local dir); the last stdout line
/// is the local folder. Progress bars (one per file) go to stderr only when it is a terminal.
/// </summary>
internal static class DownloadCommand
{
    /// <summary>Creates the command writing the folder to <paramref name="stdout"/> and messages to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var repoId = new Argument<string>("repoId") { Description = "The repository, e.g. org/name." };
        var revision = new Option<string?>("--revision") { Description = "Branch, tag or commit (default: main)." };
        var include = new Option<string[]>("--include") { Description = "Glob of files to download (repeatable; fnmatch, '*' crosses '/')." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to skip (repeatable)." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Hub cache folder (default: HF_HUB_CACHE or ~/.cache/huggingface/hub)." };
        var localDir = new Option<string?>("--local-dir") { Description = "Write plain files into this folder instead of the cache." };
        var token = new Option<string?>("--token") { Description = "Access token (default: HF_TOKEN or the token file)." };
        var repoType = new Option<string>("--repo-type") { Description = "model, dataset or space.", DefaultValueFactory = _ => "model" };
        repoType.AcceptOnlyFromAmong("model", "dataset", "space");

        var command = new Command("download", "Download a repository snapshot from the Hugging Face Hub into the shared cache; prints the local folder.")
        {
            repoId, revision, include, exclude, cacheDir, localDir, token, repoType,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(repoId)!;
            var type = parseResult.GetValue(repoType) switch
            {
                "dataset" => RepoType.Dataset,
                "space" => RepoType.Space,
                _ => RepoType.Model,
            };
            var includes = parseResult.GetValue(include) is { Length: > 0 } i ? i : null;
            var excludes = parseResult.GetValue(exclude) is { Length: > 0 } e ? e : null;
            var options = new HubOptions { CacheDir = parseResult.GetValue(cacheDir), Token = parseResult.GetValue(token) };
            var snapshot = new SnapshotOptions
            {
                Revision = parseResult.GetValue(revision), RepoType = type, AllowPatterns = includes, IgnorePatterns = excludes,
                LocalDir = parseResult.GetValue(localDir),
            };

            using var client = new HubClient(options);
            try
            {
                var folder = Console.IsErrorRedirected
                    ? await client.SnapshotDownloadAsync(id, snapshot, null, cancellationToken).ConfigureAwait(false)
                    : await DownloadWithBarsAsync(client, id, snapshot, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(folder).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (RepositoryNotFoundException)
            {
                await stderr.WriteLineAsync($"error: repository '{id}' not found (or private: pass --token)").ConfigureAwait(false);
                return ExitCodes.RuntimeError;
            }
        });
        return command;
    }

    private static async Task<string> DownloadWithBarsAsync(HubClient client, string repoId, SnapshotOptions snapshot, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = new ConcurrentDictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new Lock();
                var progress = new SynchronousProgress(report =>
                {
                    ProgressTask task;
                    lock (gate)
                    {
                        task = tasks.GetOrAdd(report.FileName, name => context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, report.FileTotalBytes ?? 1)));
                    }

                    task.Value = report.FileCompleted ? task.MaxValue : report.FileBytesDownloaded;
                });
                return await client.SnapshotDownloadAsync(repoId, snapshot, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Reports on the calling thread (Spectre's tasks are thread-safe), so bars move as bytes arrive.</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> onReport) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => onReport(value);
    }
}
