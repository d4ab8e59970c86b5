using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sharpformers.Pipelines.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void Options_bind_from_the_Sharpformers_configuration_section_and_code_adjusts_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sharpformers:CacheDir"] = "/tmp/hf-cache",
            ["Sharpformers:Endpoint"] = "http://127.0.0.1:5555",
            ["Sharpformers:Offline"] = "true",
            ["Sharpformers:DefaultDtype"] = "q4",
            ["Sharpformers:DefaultProvider"] = "cpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddSharpformers(configuration, o => o.Token = "hf_from_code");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SharpformersOptions>>().Value;
        Assert.Equal("/tmp/hf-cache", options.CacheDir);
        Assert.Equal("http://127.0.0.1:5555", options.Endpoint);
        Assert.True(options.Offline);
        Assert.Equal("q4", options.DefaultDtype);
        Assert.Equal("hf_from_code", options.Token);

        var settings = options.ToHubOptions().Resolve(_ => null);
        Assert.Equal("/tmp/hf-cache", settings.CacheDir);
        Assert.True(settings.Offline);
    }

    [Fact]
    public void Unknown_provider_name_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => PipelineOptionsFactory.ParseProvider("tpu"));
        Assert.Contains("DefaultProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_is_a_lazily_loaded_singleton_and_the_chat_client_composes_with_middleware()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var loads = 0;
        services.AddSharpformers().AddTextGenerationPipeline(FixtureModels.Gpt2Folder, _ => loads++).AddChatClient().UseLogging();
        using var provider = services.BuildServiceProvider();
        Assert.Equal(0, loads);

        var first = provider.GetRequiredService<TextGenerationPipeline>();
        var second = provider.GetRequiredService<TextGenerationPipeline>();
        Assert.Same(first, second);
        Assert.Equal(1, loads);

        var chat = provider.GetRequiredService<IChatClient>();
        Assert.IsNotType<TextGenerationChatClient>(chat); // wrapped by the logging middleware
        Assert.Same(first, chat.GetService<TextGenerationPipeline>());
    }

    [Fact]
    public void Keyed_registrations_serve_several_models()
    {
        var services = new ServiceCollection();
        services.AddSharpformers()
            .AddKeyedTextGenerationPipeline("gpt2", FixtureModels.Gpt2Folder)
            .AddKeyedTextGenerationPipeline("llama", FixtureModels.LlamaFolder);
        services.AddSharpformers().AddKeyedChatClient("llama");
        using var provider = services.BuildServiceProvider();

        Assert.Equal(FixtureModels.Gpt2Folder, provider.GetRequiredKeyedService<TextGenerationPipeline>("gpt2").ModelId);
        Assert.Equal(FixtureModels.LlamaFolder, provider.GetRequiredKeyedService<TextGenerationPipeline>("llama").ModelId);
        Assert.Equal(FixtureModels.LlamaFolder, provider.GetRequiredKeyedService<IChatClient>("llama").GetService<ChatClientMetadata>()!.DefaultModelId);
    }
}
