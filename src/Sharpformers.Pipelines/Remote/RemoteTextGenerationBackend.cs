namespace Sharpformers.Pipelines;

/// <summary>
/// Generates on a remote server (HF router, Inference Endpoint, TGI, vLLM). Chat goes to the OpenAI-compatible
/// chat-completions route; plain text to the protocol of <see cref="RemoteOptions.Protocol"/>. Nothing is loaded locally.
/// </summary>
internal sealed class RemoteTextGenerationBackend : ITextGenerationBackend
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client the dependency-injection registration uses.</summary>
    public const string HttpClientName = "Sharpformers.Remote";

    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly IRemoteProtocol _chat;
    private readonly IRemoteProtocol _text;

    public RemoteTextGenerationBackend(string model, RemoteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRetries, "RemoteOptions.MaxRetries must not be negative");
        }

        Endpoint = new RemoteEndpoint(options, model);
        _ownsClient = options.HttpClient is null;
        _client = options.HttpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // RemoteOptions.Timeout governs each call, streamed body included
        };
        var sender = new RemoteHttpSender(_client, options, Endpoint.Token);
        _chat = new OpenAiCompatibleProtocol(Endpoint, sender, options);
        _text = Endpoint.TextProtocol == RemoteProtocol.OpenAiCompatible ? _chat : new TextGenerationTaskProtocol(Endpoint, sender, options);
    }

    public RemoteEndpoint Endpoint { get; }

    public string ModelId => Endpoint.ModelName;

    /// <summary>The server renders chat prompts itself.</summary>
    public string? ChatTemplate => null;

    public Generation.Batching.GenerationScheduler? Scheduler => null;

    public async Task<IReadOnlyList<IReadOnlyList<TextCompletion>>> GenerateAsync(
        IReadOnlyList<TextGenerationPrompt> prompts, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        foreach (var prompt in prompts)
        {
            For(prompt).Validate(prompt, parameters);
        }

        // One request per prompt, sent concurrently: the server batches them.
        var requests = new Task<IReadOnlyList<TextCompletion>>[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            requests[i] = For(prompts[i]).GenerateAsync(prompts[i], parameters, cancellationToken);
        }

        return await Task.WhenAll(requests).ConfigureAwait(false);
    }

    public IAsyncEnumerable<TextGenerationUpdate> StreamAsync(TextGenerationPrompt prompt, TextGenerationParameters parameters, CancellationToken cancellationToken)
    {
        var protocol = For(prompt);
        protocol.Validate(prompt, parameters);
        return protocol.StreamAsync(prompt, parameters, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private IRemoteProtocol For(TextGenerationPrompt prompt) => prompt.IsChat ? _chat : _text;
}
