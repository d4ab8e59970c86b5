namespace Sharpformers.Pipelines;

/// <summary>
/// Generates on a remote serving engine instead of a local model: the Hugging Face Inference Providers router, an
/// Inference Endpoint, Text Generation Inference or vLLM. Set <see cref="PipelineOptions.Remote"/> to use it; no local
/// model is then downloaded or loaded.
/// </summary>
public sealed class RemoteOptions
{
    /// <summary>The default endpoint: the Hugging Face Inference Providers router (OpenAI-compatible).</summary>
    public static readonly Uri HuggingFaceRouter = new("https://router.huggingface.co/v1");

    /// <summary>
    /// The server URL: an OpenAI-compatible base ending in <c>/v1</c>, a TGI server, or a Hugging Face inference URL
    /// (<c>.../models/{id}</c>). <see langword="null"/> uses <see cref="HuggingFaceRouter"/>.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// Bearer token sent as <c>Authorization: Bearer</c> (never logged). When <see langword="null"/>, <c>HF_TOKEN</c> is sent
    /// to Hugging Face hosts only.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The protocol to speak; <see cref="RemoteProtocol.Auto"/> chooses from the endpoint URL.</summary>
    public RemoteProtocol Protocol { get; set; } = RemoteProtocol.Auto;

    /// <summary>The remote model name sent as <c>model</c>; <see langword="null"/> uses the model name given to the pipeline.</summary>
    public string? ModelId { get; set; }

    /// <summary>An Inference Providers provider (<c>together</c>, <c>hf-inference</c>, ...), sent as <c>model:provider</c> on OpenAI-compatible routes.</summary>
    public string? Provider { get; set; }

    /// <summary>The longest one request may take, streamed body included (default 5 minutes).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a 429 (rate limited), 502, 503 (model loading) or 504 answer is retried (default 4).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off delay when the server gives no <c>Retry-After</c> or <c>estimated_time</c>; it doubles on each retry (default 1 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait between retries (default 60 s); a server asking to wait longer fails the call at once.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest server-sent event (and line) of a streamed answer, in bytes (default 1 MiB). A server sending more
    /// (for example a line that never ends) fails the call with a <see cref="RemoteGenerationException"/> instead of
    /// filling memory.
    /// </summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest non-streamed answer, in bytes (default 16 MiB); a longer one fails the call with a <see cref="RemoteGenerationException"/>.</summary>
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The client to send with, for example one from <c>IHttpClientFactory</c> (the dependency-injection registration sets
    /// it); it is not disposed by the pipeline. <see langword="null"/> makes the pipeline create and own one.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>A copy of these options.</summary>
    /// <returns>The copy (the same <see cref="HttpClient"/> instance).</returns>
    public RemoteOptions Clone() => (RemoteOptions)MemberwiseClone();
}
