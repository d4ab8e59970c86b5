using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sharpformers.Cli.Json;
using Sharpformers.Hub;

namespace Sharpformers.Cli.Commands;

/// <summary><c>sharpformers scan-cache</c>: the cached repositories with their revisions and sizes, as a table or JSON lines.</summary>
internal static class ScanCacheCommand
{
    /// <summary>Creates the command writing its report to <paramref name="stdout"/> and warnings to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Hub cache folder (default: HF_HUB_CACHE or ~/.cache/huggingface/hub)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per repository and line." };
        var command = new Command("scan-cache", "List the cached repositories, their revisions and sizes.") { cacheDir, json };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(cacheDir) is { } dir && !Directory.Exists(dir))
            {
                stderr.WriteLine($"error: the cache folder '{dir}' does not exist");
                return ExitCodes.RuntimeError;
            }

            using var client = new HubClient(new HubOptions { CacheDir = parseResult.GetValue(cacheDir) });
            var scan = client.ScanCache();
            if (parseResult.GetValue(json))
            {
                WriteJson(stdout, scan);
            }
            else
            {
                WriteTable(stdout, scan);
            }

            foreach (var warning in scan.Warnings)
            {
                stderr.WriteLine($"warning: {warning}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>huggingface_hub's size format: powers of 1000, one decimal (<c>1.5M</c>).</summary>
    internal static string FormatSize(long bytes)
    {
        double value = bytes;
        foreach (var unit in new[] { string.Empty, "K", "M", "G", "T", "P", "E" })
        {
            if (Math.Abs(value) < 1000)
            {
                return value.ToString("0.0", CultureInfo.InvariantCulture) + unit;
            }

            value /= 1000;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + "Z";
    }

    private static void WriteJson(TextWriter stdout, HubCacheInfo scan)
    {
        foreach (var repo in scan.Repos)
        {
            stdout.WriteLine(CompactJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("repo_id", repo.RepoId);
                writer.WriteString("repo_type", RepoTypeName(repo.RepoType));
                writer.WriteString("repo_path", repo.RepoPath);
                writer.WriteNumber("size_on_disk", repo.SizeOnDisk);
                writer.WriteNumber("nb_files", repo.FileCount);
                writer.WriteNumber("last_modified", repo.LastModified.ToUnixTimeSeconds());
                CompactJson.WriteStrings(writer, "refs", repo.Refs.Order(StringComparer.Ordinal));
                writer.WriteStartArray("revisions");
                foreach (var r in repo.Revisions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("commit_hash", r.CommitHash);
                    CompactJson.WriteStrings(writer, "refs", r.Refs);
                    writer.WriteNumber("size_on_disk", r.SizeOnDisk);
                    writer.WriteNumber("nb_files", r.Files.Count);
                    writer.WriteString("snapshot_path", r.SnapshotPath);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }));
        }
    }

    private static void WriteTable(TextWriter stdout, HubCacheInfo scan)
    {
        var rows = new List<string[]> { new[] { "REPO ID", "REPO TYPE", "SIZE ON DISK", "NB FILES", "LAST_MODIFIED", "REFS", "LOCAL PATH" } };
        foreach (var repo in scan.Repos)
        {
            rows.Add([
                repo.RepoId, RepoTypeName(repo.RepoType), FormatSize(repo.SizeOnDisk), repo.FileCount.ToString(CultureInfo.InvariantCulture),
                repo.LastModified.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), string.Join(", ", repo.Refs.Order(StringComparer.Ordinal)), repo.RepoPath,
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            stdout.WriteLine(string.Join("  ", rows[i].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (i == 0)
            {
                stdout.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        stdout.WriteLine();
        stdout.WriteLine($"Done. Scanned {scan.Repos.Count} repo(s) for a total of {FormatSize(scan.SizeOnDisk)}.");
    }

    private static string RepoTypeName(RepoType type) => type switch
    {
        RepoType.Dataset => "dataset",
        RepoType.Space => "space",
        _ => "model",
    };
}
