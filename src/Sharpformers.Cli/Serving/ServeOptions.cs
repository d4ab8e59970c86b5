namespace Sharpformers.Cli.Serving;

/// <summary>The settings of one <c>sharpformers serve</c>: the name clients use, access rules and request limits.</summary>
internal sealed class ServeOptions
{
    /// <summary>The model name clients send and <c>/v1/models</c> lists (<c>--served-model-name</c>).</summary>
    public required string ServedModelName { get; init; }

    /// <summary>Who owns the model, for <c>/v1/models</c>' <c>owned_by</c>: the Hub organisation, or <c>sharpformers</c> for a local folder.</summary>
    public required string OwnedBy { get; init; }

    /// <summary>When the model was made, Unix seconds, for <c>/v1/models</c>' <c>created</c>.</summary>
    public required long Created { get; init; }

    /// <summary>The bearer token every <c>/v1</c> request must carry (<c>--api-key</c>, <c>Sharpformers:ApiKey</c>); null: none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The accepted <c>Host</c> names; null accepts any (the server listens on every interface and no list was given).</summary>
    public IReadOnlySet<string>? AllowedHosts { get; init; }

    /// <summary>The browser origins allowed to call the server (<c>--cors-origins</c>); empty: none.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>The largest request body, bytes (<c>--max-request-bytes</c>).</summary>
    public long MaxRequestBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>The most prompts one completions request may ask for, counting <c>n</c> per prompt (<c>--max-prompts</c>).</summary>
    public int MaxPrompts { get; init; } = 16;

    /// <summary>The most characters of one prompt, or of all messages of a chat request, checked before tokenizing (<c>--max-prompt-chars</c>).</summary>
    public int MaxPromptCharacters { get; init; } = 1024 * 1024;

    /// <summary>Checks the <c>model</c> a request names: absent or the served name passes, any other is a 404 <c>model_not_found</c>.</summary>
    /// <param name="model">The request's <c>model</c> field, if given.</param>
    /// <exception cref="BadRequestException">Another model is named.</exception>
    public void EnsureServes(string? model)
    {
        if (model is not null && model != ServedModelName)
        {
            throw new BadRequestException(
                $"The model '{model}' does not exist; this server serves '{ServedModelName}'", "model", "model_not_found", Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound);
        }
    }

    /// <summary>The bound on decode loops running at once with <c>--no-batching</c>; null with continuous batching (its scheduler admits).</summary>
    public Admission.DecodeLoopAdmission? DecodeLoops { get; init; }
}
