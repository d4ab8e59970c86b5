using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sharpformers.Pipelines.Tests.Remote;

public sealed class RemoteDependencyInjectionTests
{
    [Fact]
    public async Task Configured_remote_options_make_the_registered_pipeline_and_chat_client_generate_remotely()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.OpenAiAsync);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sharpformers:Remote:Endpoint"] = server.Url + "/v1",
            ["Sharpformers:Remote:Token"] = "configured-token",
            ["Sharpformers:Remote:Protocol"] = "OpenAiCompatible",
        }).Build();
        var services = new ServiceCollection();
        services.AddSharpformers(configuration).AddTextGenerationPipeline("org/served-model").AddChatClient();
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("Hello", new ChatOptions { MaxOutputTokens = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(" alpha beta", response.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer configured-token", request.Authorization);
        Assert.Equal("org/served-model", request.Body.GetProperty("model").GetString());
        Assert.Equal(2, request.Body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task A_per_pipeline_remote_option_overrides_local_loading()
    {
        await using var server = await FakeInferenceServer.StartAsync(FakeProtocols.TgiAsync);
        var services = new ServiceCollection();
        services.AddSharpformers().AddTextGenerationPipeline("tgi-model", o => o.Remote = new RemoteOptions { Endpoint = new Uri(server.Url) });
        await using var provider = services.BuildServiceProvider();

        var pipeline = provider.GetRequiredService<TextGenerationPipeline>();
        var result = Assert.Single(await pipeline.GenerateAsync("x", new TextGenerationParameters { MaxNewTokens = 1 }, TestContext.Current.CancellationToken));

        Assert.Equal("x alpha", result.GeneratedText);
        Assert.Null(Assert.Single(server.Requests).Authorization);
    }
}
