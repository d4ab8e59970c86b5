namespace Sharpformers.Pipelines.Tests.Remote;

/// <summary>Remote pipelines over a fake server, with short retry delays and a timeout that turns a hang into a failure.</summary>
internal static class RemotePipelines
{
    public const string Token = "hf_test_secret_token";

    public const string Model = "org/remote-model";

    public static TextGenerationPipeline Create(FakeInferenceServer server, string path = "/v1", Action<RemoteOptions>? configure = null)
    {
        var options = new RemoteOptions
        {
            Endpoint = new Uri(server.Url + path),
            Token = Token,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return Pipeline.CreateTextGeneration(Model, new PipelineOptions { Remote = options });
    }

    public static async Task<List<TextGenerationUpdate>> CollectAsync(IAsyncEnumerable<TextGenerationUpdate> updates)
    {
        var list = new List<TextGenerationUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
