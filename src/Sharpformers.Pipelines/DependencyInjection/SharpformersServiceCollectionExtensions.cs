using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sharpformers.Pipelines;

/// <summary>Registers Sharpformers in an <see cref="IServiceCollection"/>.</summary>
public static class SharpformersServiceCollectionExtensions
{
    /// <summary>Adds Sharpformers with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets <see cref="SharpformersOptions"/>.</param>
    /// <returns>A builder to register pipelines and chat clients.</returns>
    public static SharpformersBuilder AddSharpformers(this IServiceCollection services, Action<SharpformersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SharpformersOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient(RemoteTextGenerationBackend.HttpClientName);
        return new SharpformersBuilder(services);
    }

    /// <summary>Adds Sharpformers with options bound from configuration (the <c>Sharpformers</c> section), then optionally adjusted in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration (its <c>Sharpformers</c> section is bound).</param>
    /// <param name="configure">Adjusts the bound options.</param>
    /// <returns>A builder to register pipelines and chat clients.</returns>
    public static SharpformersBuilder AddSharpformers(this IServiceCollection services, IConfiguration configuration, Action<SharpformersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<SharpformersOptions>().Bind(configuration.GetSection(SharpformersOptions.SectionName));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient(RemoteTextGenerationBackend.HttpClientName);
        return new SharpformersBuilder(services);
    }
}
