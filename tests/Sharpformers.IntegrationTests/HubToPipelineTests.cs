using Sharpformers.Hub;
using Sharpformers.Pipelines;
using Sharpformers.TestSupport;

namespace Sharpformers.IntegrationTests;

/// <summary>A repo id served by the loopback fake Hub goes through download, cache and loading into a pipeline.</summary>
public sealed class HubToPipelineTests
{
    [Fact]
    public async Task A_repo_id_downloads_only_what_the_variant_needs_then_loads_offline_with_no_request()
    {
        var folder = Fixtures.Require("models", "tiny-random-llama-fp16");
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("tiny/llama");
        foreach (var file in Directory.GetFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (name != "PROVENANCE.md")
            {
                repo.AddFile(name, File.ReadAllBytes(file), lfs: name.Contains(".onnx", StringComparison.Ordinal));
            }
        }

        repo.AddFile("onnx/model_q4.onnx", new byte[4096], lfs: true); // another variant: must not be fetched
        using var cache = new TemporaryDirectory();
        var options = new PipelineOptions { Hub = new HubOptions { Endpoint = hub.Endpoint, CacheDir = cache.Path, Token = "" } };
        var parameters = new TextGenerationParameters { MaxNewTokens = 6, ReturnFullText = false };

        using (var remote = await Pipeline.CreateTextGenerationAsync("tiny/llama", options, TestContext.Current.CancellationToken))
        using (var local = Pipeline.CreateTextGeneration(folder))
        {
            var fromHub = await remote.GenerateAsync("Xin chào", parameters, TestContext.Current.CancellationToken);
            var fromFolder = await local.GenerateAsync("Xin chào", parameters, TestContext.Current.CancellationToken);
            Assert.Equal(fromFolder[0].GeneratedText, fromHub[0].GeneratedText);
        }

        Assert.DoesNotContain(hub.Requests, r => r.Target.Contains("model_q4", StringComparison.Ordinal));
        Assert.Contains(hub.Requests, r => r.Target.Contains("model.onnx.data", StringComparison.Ordinal));

        hub.ClearRequests();
        var offline = new PipelineOptions { Hub = new HubOptions { Endpoint = hub.Endpoint, CacheDir = cache.Path, Offline = true } };
        using (var cached = await Pipeline.CreateTextGenerationAsync("tiny/llama", offline, TestContext.Current.CancellationToken))
        {
            Assert.Equal("tiny/llama", cached.ModelId);
        }

        Assert.Empty(hub.Requests);
    }
}
