using Microsoft.Extensions.DependencyInjection;

namespace Sharpformers.Hub;

/// <summary>Registers <see cref="HubClient"/> in a service collection.</summary>
public static class HubServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HubClient"/> as a typed client of <c>IHttpClientFactory</c>: a handler that does not follow
    /// redirects (the client does it, keeping the token on the Hub's host) and a resilience handler retrying transient
    /// failures with exponential back-off. Options bind like any other (<c>services.Configure&lt;HubOptions&gt;(...)</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options in code; they win over the environment.</param>
    /// <returns>The builder of the typed client, for further configuration.</returns>
    public static IHttpClientBuilder AddSharpformersHub(this IServiceCollection services, Action<HubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<HubOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var builder = services.AddHttpClient<HubClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(HubHttpPipeline.CreatePrimaryHandler);
        builder.AddResilienceHandler("sharpformers-hub", pipeline => HubHttpPipeline.ConfigureRetry(pipeline, HubRetryOptions.Default));
        return builder;
    }
}
