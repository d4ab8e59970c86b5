namespace Sharpformers.Pipelines;

/// <summary>The routes, protocol, model name and token of one remote server, resolved once from <see cref="RemoteOptions"/>.</summary>
internal sealed class RemoteEndpoint
{
    private readonly string _root;

    public RemoteEndpoint(RemoteOptions options, string model)
    {
        var endpoint = options.Endpoint ?? RemoteOptions.HuggingFaceRouter;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"RemoteOptions.Endpoint must be an absolute http(s) URL, not '{endpoint}'", nameof(options));
        }

        _root = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        Url = new Uri(_root);
        TextProtocol = options.Protocol == RemoteProtocol.Auto ? Detect(Url) : options.Protocol;
        ModelName = string.IsNullOrWhiteSpace(options.ModelId) ? model : options.ModelId;
        RequestModel = string.IsNullOrWhiteSpace(options.Provider) ? ModelName : $"{ModelName}:{options.Provider}";
        Token = string.IsNullOrEmpty(options.Token) && IsHuggingFaceHost(Url) ? Environment.GetEnvironmentVariable("HF_TOKEN") : options.Token;
    }

    /// <summary>The endpoint as configured, without query or trailing slash.</summary>
    public Uri Url { get; }

    /// <summary>The protocol for plain-text prompts (chat always uses <see cref="ChatCompletions"/>).</summary>
    public RemoteProtocol TextProtocol { get; }

    /// <summary>The model name the pipeline reports.</summary>
    public string ModelName { get; }

    /// <summary>The <c>model</c> field of OpenAI-compatible requests (<c>id</c> or <c>id:provider</c>).</summary>
    public string RequestModel { get; }

    /// <summary>The bearer token, or <see langword="null"/>.</summary>
    public string? Token { get; }

    /// <summary>The OpenAI-compatible base URL (ending in <c>/v1</c>).</summary>
    public string OpenAiBase => _root.EndsWith("/v1", StringComparison.Ordinal) ? _root : _root + "/v1";

    public Uri ChatCompletions => new(OpenAiBase + "/chat/completions");

    public Uri Completions => new(OpenAiBase + "/completions");

    /// <summary>The URL that takes <c>{"inputs", "parameters"}</c>: the endpoint itself, or TGI's <c>/generate</c>.</summary>
    public Uri TextGeneration(bool stream) => TextProtocol switch
    {
        RemoteProtocol.Tgi => new(_root + (stream ? "/generate_stream" : "/generate")),
        _ => Url,
    };

    private static RemoteProtocol Detect(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.Ordinal))
        {
            return RemoteProtocol.OpenAiCompatible;
        }

        return path.Contains("/models/", StringComparison.Ordinal) ? RemoteProtocol.HfTextGeneration : RemoteProtocol.Tgi;
    }

    private static bool IsHuggingFaceHost(Uri url) =>
        url.Host.Equals("huggingface.co", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".huggingface.co", StringComparison.OrdinalIgnoreCase)
        || url.Host.EndsWith(".endpoints.huggingface.cloud", StringComparison.OrdinalIgnoreCase);
}
