using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

public sealed class EnvCommandTests
{
    [Fact]
    public async Task Env_reports_versions_cache_endpoint_and_token_presence_without_the_token()
    {
        using var home = new TemporaryDirectory();
        var result = await CliProcess.RunAsync(["env"], new Dictionary<string, string?>
        {
            ["HF_HOME"] = home.Path,
            ["HF_HUB_CACHE"] = null,
            ["HF_ENDPOINT"] = "http://127.0.0.1:9/",
            ["HF_TOKEN"] = "hf_do_not_print_me",
        });

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        Assert.Equal("0.1.0", lines["sharpformers"]);
        Assert.StartsWith(".NET 10", lines[".net"], StringComparison.Ordinal);
        Assert.Equal("1.31.1", lines["onnxruntime"]);
        Assert.Contains("CPUExecutionProvider", lines["onnxruntime-providers"], StringComparison.Ordinal);
        Assert.Equal(Path.Combine(home.Path, "hub"), lines["cache"]);
        Assert.Equal("http://127.0.0.1:9", lines["endpoint"]);
        Assert.Equal("set (from HF_TOKEN)", lines["token"]);
        Assert.DoesNotContain("hf_do_not_print_me", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_says_token_not_set_and_offline_from_environment()
    {
        using var home = new TemporaryDirectory();
        var result = await CliProcess.RunAsync(["env"], new Dictionary<string, string?>
        {
            ["HF_HOME"] = home.Path,
            ["HF_TOKEN"] = null,
            ["HUGGING_FACE_HUB_TOKEN"] = null,
            ["HF_TOKEN_PATH"] = null,
            ["HF_HUB_OFFLINE"] = "1",
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("token: not set", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("offline: yes", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error_with_exit_code_2()
    {
        var result = await CliProcess.RunAsync(["no-such-command"]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }
}
