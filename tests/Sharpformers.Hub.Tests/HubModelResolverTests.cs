using Microsoft.Extensions.DependencyInjection;
using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests;

public sealed class HubModelResolverTests
{
    [Fact]
    public async Task An_existing_folder_is_returned_as_is_without_any_request()
    {
        using var folder = new TemporaryDirectory();
        Assert.Equal(folder.Path, await HubModelResolver.ResolveFolderAsync(folder.Path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(folder.Path, HubModelResolver.ResolveFolder(folder.Path, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_repo_id_is_snapshot_downloaded_with_the_patterns_then_resolved_offline()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/tiny").AddFile("config.json", "{}").AddFile("model.onnx", new byte[100], lfs: true);
        var options = new HubOptions { Endpoint = context.Hub.Endpoint, CacheDir = context.CacheDir, Token = string.Empty };

        var folder = await HubModelResolver.ResolveFolderAsync("org/tiny", ["*.json"], options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(context.RepoFolder("models--org--tiny"), "snapshots", repo.Head), folder);
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "model.onnx")));

        context.Hub.ClearRequests();
        options.Offline = true;
        Assert.Equal(folder, HubModelResolver.ResolveFolder("org/tiny", ["*.json"], options, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task Something_that_is_neither_a_folder_nor_a_repo_id_is_a_directory_not_found_error()
    {
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => HubModelResolver.ResolveFolderAsync("./no/such/folder/here", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("neither an existing folder nor a Hub repo id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dependency_injection_registration_gives_a_working_typed_client()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/di").AddFile("config.json", "{\"di\":true}");
        var services = new ServiceCollection();
        services.AddSharpformersHub(o =>
        {
            o.Endpoint = context.Hub.Endpoint;
            o.CacheDir = context.CacheDir;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<HubClient>();
        var path = await client.DownloadFileAsync("org/di", "config.json", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("{\"di\":true}", File.ReadAllText(path));
        Assert.Equal(context.CacheDir, client.Settings.CacheDir);
    }
}
