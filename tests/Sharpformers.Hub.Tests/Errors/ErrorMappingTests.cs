using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests.Errors;

public sealed class ErrorMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unknown_repository_gives_RepositoryNotFoundException()
    {
        await using var context = await HubTestContext.StartAsync();
        using var client = context.Client();

        var snapshot = await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.SnapshotDownloadAsync("org/missing", cancellationToken: Ct));
        var file = await Assert.ThrowsAsync<RepositoryNotFoundException>(() => client.DownloadFileAsync("org/missing", "config.json", cancellationToken: Ct));

        Assert.Equal("RepoNotFound", snapshot.ErrorCode);
        Assert.Equal(401, file.StatusCode);
        Assert.Equal("org/missing", file.RepoId);
        Assert.Contains("'org/missing' not found", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_repository_without_token_is_not_found_and_with_token_downloads()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/private").AddFile("config.json", "{}").IsPrivate = true;
        context.Hub.ValidTokens.Add("hf_valid");
        using var anonymous = context.Client();
        using var authorized = context.Client(new HubOptions { Token = "hf_valid" });

        await Assert.ThrowsAsync<RepositoryNotFoundException>(() => anonymous.DownloadFileAsync("org/private", "config.json", cancellationToken: Ct));
        var path = await authorized.DownloadFileAsync("org/private", "config.json", cancellationToken: Ct);

        Assert.Equal("{}", File.ReadAllText(path));
    }

    [Fact]
    public async Task Invalid_token_gives_HubUnauthorizedException()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/public").AddFile("config.json", "{}");
        using var client = context.Client(new HubOptions { Token = "hf_wrong" });

        var error = await Assert.ThrowsAsync<HubUnauthorizedException>(() => client.DownloadFileAsync("org/public", "config.json", cancellationToken: Ct));
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain("hf_wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gated_repository_gives_GatedRepositoryException_until_access_is_granted()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/gated").AddFile("config.json", "{}");
        repo.IsGated = true;
        context.Hub.ValidTokens.Add("hf_user");
        using var client = context.Client(new HubOptions { Token = "hf_user" });

        var error = await Assert.ThrowsAsync<GatedRepositoryException>(() => client.SnapshotDownloadAsync("org/gated", cancellationToken: Ct));
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("gated", error.Message, StringComparison.Ordinal);

        repo.GrantedTokens.Add("hf_user");
        var folder = await client.SnapshotDownloadAsync("org/gated", cancellationToken: Ct);
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public async Task Unknown_revision_gives_RevisionNotFoundException()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/repo").AddFile("config.json", "{}");
        using var client = context.Client();

        var snapshot = await Assert.ThrowsAsync<RevisionNotFoundException>(
            () => client.SnapshotDownloadAsync("org/repo", new SnapshotOptions { Revision = "v9" }, cancellationToken: Ct));
        var file = await Assert.ThrowsAsync<RevisionNotFoundException>(() => client.DownloadFileAsync("org/repo", "config.json", "refs/pr/7", cancellationToken: Ct));

        Assert.Contains("'v9'", snapshot.Message, StringComparison.Ordinal);
        Assert.Contains(context.Hub.Requests, r => r.Target.Contains("/resolve/refs%2Fpr%2F7/config.json", StringComparison.Ordinal));
        Assert.Equal(404, file.StatusCode);
    }

    [Fact]
    public async Task Missing_file_gives_EntryNotFoundException_and_a_no_exist_marker()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/repo").AddFile("config.json", "{}");
        using var client = context.Client();

        var error = await Assert.ThrowsAsync<EntryNotFoundException>(() => client.DownloadFileAsync("org/repo", "sub/missing.json", cancellationToken: Ct));

        Assert.Equal(repo.Head, error.CommitHash);
        var root = context.RepoFolder("models--org--repo");
        Assert.True(File.Exists(Path.Combine(root, ".no_exist", repo.Head, "sub", "missing.json")));
        Assert.Equal(repo.Head, File.ReadAllText(Path.Combine(root, "refs", "main")));
    }
}
