using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests;

/// <summary>A <see cref="FakeHub"/> and a temporary HF_HOME, with the environment a CLI process needs to use them.</summary>
internal sealed class HubCliEnvironment : IAsyncDisposable
{
    private readonly TemporaryDirectory _temp = new();

    private HubCliEnvironment(FakeHub hub) => Hub = hub;

    public FakeHub Hub { get; }

    public string CacheDir => _temp.Combine("hub");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    public static async Task<HubCliEnvironment> StartAsync() => new(await FakeHub.StartAsync());

    public Dictionary<string, string?> Variables(bool offline = false) => new()
    {
        ["HF_ENDPOINT"] = Hub.Endpoint,
        ["HF_HOME"] = _temp.Combine("home"),
        ["HF_HUB_CACHE"] = CacheDir,
        ["HUGGINGFACE_HUB_CACHE"] = null,
        ["HF_TOKEN"] = null,
        ["HUGGING_FACE_HUB_TOKEN"] = null,
        ["HF_TOKEN_PATH"] = null,
        ["HF_HUB_OFFLINE"] = offline ? "1" : null,
        ["TRANSFORMERS_OFFLINE"] = null,
    };

    public static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _temp.Dispose();
    }
}
