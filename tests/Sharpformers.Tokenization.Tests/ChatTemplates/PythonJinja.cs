using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Tokenization.Tests.ChatTemplates;

/// <summary>The result of one render by the Python oracle.</summary>
public sealed record OracleResult(bool Ok, string? Text, string? ErrorType, string? ErrorMessage);

/// <summary>
/// Runs <c>jinja_oracle.py</c> (Python Jinja2 set up as transformers sets it up) as a subprocess on a batch of cases.
/// </summary>
public static class PythonJinja
{
    /// <summary>The fixed clock both renderers read for <c>strftime_now</c>.</summary>
    public static readonly DateTime Now = new(2026, 3, 5, 14, 7, 9, DateTimeKind.Unspecified);

    private static readonly Lazy<string?> LazyUnavailableReason = new(ProbeAvailability);

    /// <summary>Why the oracle cannot run (no python3 or no jinja2), or null when it can.</summary>
    public static string? UnavailableReason => LazyUnavailableReason.Value;

    private static string ScriptPath => Path.Combine(RepositoryRoot.Path, "tests", "Sharpformers.Tokenization.Tests", "ChatTemplates", "jinja_oracle.py");

    /// <summary>Renders the cases written by <paramref name="writeCases"/>; one result per case, in order.</summary>
    public static IReadOnlyList<OracleResult> Render(Action<Utf8JsonWriter> writeCases)
    {
        using var input = new MemoryStream();
        using (var writer = new Utf8JsonWriter(input))
        {
            writer.WriteStartObject();
            writer.WriteString("now", Now.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteStartArray("cases");
            writeCases(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var (exitCode, output, error) = Run(ScriptPath, input.ToArray());
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"jinja_oracle.py failed ({exitCode}): {error}");
        }

        using var document = JsonDocument.Parse(output);
        return document.RootElement.EnumerateArray().Select(result => result.GetProperty("ok").GetBoolean()
            ? new OracleResult(true, result.GetProperty("text").GetString(), null, null)
            : new OracleResult(false, null, result.GetProperty("type").GetString(), result.GetProperty("message").GetString())).ToList();
    }

    private static string? ProbeAvailability()
    {
        try
        {
            var (exitCode, _, error) = Run("-c", "import jinja2"u8.ToArray(), inline: true);
            return exitCode == 0 ? null : $"python3 cannot import jinja2: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"python3 is not available: {exception.Message}";
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string scriptOrFlag, byte[] input, bool inline = false)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptOrFlag);
        if (inline)
        {
            start.ArgumentList.Add(System.Text.Encoding.UTF8.GetString(input));
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var outputTask = process.StandardOutput.ReadToEndAsync();
        var errorTask = process.StandardError.ReadToEndAsync();
        if (!inline)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("python3 did not finish within 2 minutes");
        }

        return (process.ExitCode, outputTask.Result, errorTask.Result);
    }
}
