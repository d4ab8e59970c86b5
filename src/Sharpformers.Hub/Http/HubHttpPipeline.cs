using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Sharpformers.Hub;

/// <summary>
/// The HTTP stack of the Hub client: a <see cref="SocketsHttpHandler"/> that never follows redirects on its own (the
/// client follows them by hand so that the token is only ever sent to the Hub's own host), wrapped in a Polly retry
/// strategy from Microsoft.Extensions.Http.Resilience for transient failures.
/// </summary>
internal static class HubHttpPipeline
{
    private static readonly Lazy<HttpMessageHandler> SharedHandler = new(() => CreateHandler(HubRetryOptions.Default));

    /// <summary>A handler shared by the clients that <see cref="HubModelResolver"/> and the plain constructor create.</summary>
    public static HttpMessageHandler Shared => SharedHandler.Value;

    /// <summary>The primary handler: no automatic redirects, no decompression (sizes must be the real file sizes).</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The whole stack for use without dependency injection.</summary>
    public static HttpMessageHandler CreateHandler(HubRetryOptions retry) =>
        new ResilienceHandler(CreatePipeline(retry)) { InnerHandler = CreatePrimaryHandler() };

    /// <summary>Adds the retry strategy to a pipeline builder (used by the DI registration too).</summary>
    public static void ConfigureRetry(ResiliencePipelineBuilder<HttpResponseMessage> builder, HubRetryOptions retry) =>
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = retry.MaxRetries,
            Delay = retry.BaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            // A host that does not resolve will not resolve a moment later: fail at once instead of retrying for seconds.
            ShouldHandle = args => args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
                ? PredicateResult.False()
                : new ValueTask<bool>(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
        });

    private static ResiliencePipeline<HttpResponseMessage> CreatePipeline(HubRetryOptions retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        ConfigureRetry(builder, retry);
        return builder.Build();
    }
}
