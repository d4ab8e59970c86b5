namespace Sharpformers.Hub;

/// <summary>
/// One line for a person at a terminal when fetching a model failed: what failed and what to do about it, for command
/// lines and samples that print an error instead of a stack trace.
/// </summary>
public static class HubErrorAdvice
{
    /// <summary>The advice appended to a network failure.</summary>
    public const string NetworkAdvice =
        "check the network connection; set HF_HUB_OFFLINE=1 to use only files already in the cache, set HF_ENDPOINT to use a mirror, or give a local model folder instead of a repo id";

    /// <summary>
    /// One line describing <paramref name="exception"/> when it is a Hub or network failure (with advice for network
    /// failures), or <see langword="null"/> for any other exception.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The line, without a trailing newline, or null.</returns>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = exception switch
        {
            HubNetworkException network => $"{network.Message.TrimEnd('.')}; {NetworkAdvice}",
            HubException hub => hub.Message,
            HttpRequestException http => $"the request failed: {http.Message.TrimEnd('.')}; {NetworkAdvice}",
            _ => null,
        };
        return line?.ReplaceLineEndings(" ");
    }
}
