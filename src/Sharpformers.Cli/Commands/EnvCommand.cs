using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Sharpformers.Hub;
using Sharpformers.Models;

namespace Sharpformers.Cli.Commands;

/// <summary><c>sharpformers env</c>: versions, cache folder, endpoint and whether a token is set.</summary>
internal static class EnvCommand
{
    /// <summary>Creates the command writing its report to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("env", "Show versions of Sharpformers, .NET and ONNX Runtime, the cache folder, the endpoint and whether a token is set.");
        command.SetAction(_ =>
        {
            foreach (var (key, value) in Collect(HubSettings.FromEnvironment()))
            {
                stdout.WriteLine($"{key}: {value}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The report as ordered key/value pairs; the token itself never appears.</summary>
    internal static IEnumerable<(string Key, string Value)> Collect(HubSettings settings)
    {
        yield return ("sharpformers", SharpformersVersion());
        yield return (".net", RuntimeInformation.FrameworkDescription);
        yield return ("os", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.RuntimeIdentifier})");
        yield return ("onnxruntime", OnnxRuntimeInfo.Version);
        yield return ("onnxruntime-providers", string.Join(", ", OnnxRuntimeInfo.AvailableProviders));
        yield return ("hf-home", settings.HfHome);
        yield return ("cache", settings.CacheDir);
        yield return ("endpoint", settings.Endpoint);
        yield return ("offline", settings.Offline ? "yes" : "no");
        yield return ("token", settings.Token is null ? "not set" : $"set (from {TokenSourceName(settings.TokenSource)})");
    }

    private static string TokenSourceName(TokenSource source) => source switch
    {
        TokenSource.Environment => "HF_TOKEN",
        TokenSource.TokenFile => "token file",
        TokenSource.Options => "options",
        _ => "none",
    };

    private static string SharpformersVersion()
    {
        var attribute = typeof(HubSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
        var version = attribute?.InformationalVersion ?? typeof(HubSettings).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
