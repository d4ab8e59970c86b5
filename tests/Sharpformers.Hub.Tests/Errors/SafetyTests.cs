using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests.Errors;

public sealed class SafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("a/../../evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\x")]
    [InlineData("C:\\Windows\\evil.dll")]
    [InlineData("c:evil")]
    [InlineData("a\\..\\..\\evil")]
    [InlineData("")]
    public async Task Requested_file_names_escaping_the_snapshot_are_refused_before_any_request(string name)
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/repo").AddFile("config.json", "{}");
        using var client = context.Client();

        await Assert.ThrowsAnyAsync<Exception>(() => client.DownloadFileAsync("org/repo", name, cancellationToken: Ct));
        if (name.Length > 0)
        {
            await Assert.ThrowsAsync<InvalidRepoPathException>(() => client.DownloadFileAsync("org/repo", name, cancellationToken: Ct));
        }

        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task A_server_listing_a_traversal_path_is_refused_and_nothing_is_written_outside()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/evil").AddFile("config.json", "{}").AddFile("../../../escaped.txt", "pwned");
        using var client = context.Client();

        await Assert.ThrowsAsync<InvalidRepoPathException>(() => client.SnapshotDownloadAsync("org/evil", cancellationToken: Ct));

        Assert.Empty(Directory.GetFiles(context.Combine(), "escaped.txt", SearchOption.AllDirectories));
        Assert.DoesNotContain(context.Hub.Requests, r => r.Target.Contains("escaped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("org/na--me")]
    [InlineData("../x")]
    [InlineData("a/b/c")]
    public async Task Invalid_repo_ids_are_refused(string repoId)
    {
        await using var context = await HubTestContext.StartAsync();
        using var client = context.Client();
        await Assert.ThrowsAsync<InvalidRepoPathException>(() => client.SnapshotDownloadAsync(repoId, cancellationToken: Ct));
        Assert.Empty(context.Hub.Requests);
    }

    [Fact]
    public async Task The_token_goes_to_the_hub_but_never_to_the_cdn_and_never_into_logs()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/private").AddFile("config.json", "{}").AddFile("model.onnx", new byte[10_000], lfs: true);
        repo.IsPrivate = true;
        context.Hub.ValidTokens.Add("hf_secret_token");
        using var client = context.Client(new HubOptions { Token = "hf_secret_token" });

        await client.SnapshotDownloadAsync("org/private", cancellationToken: Ct);

        var requests = context.Hub.Requests;
        Assert.Contains(requests, r => r.IsCdn);
        Assert.All(requests.Where(r => r.IsCdn), r => Assert.Null(r.Authorization));
        Assert.All(requests.Where(r => !r.IsCdn), r => Assert.Equal("Bearer hf_secret_token", r.Authorization));
        Assert.NotEmpty(context.Logs.Lines);
        Assert.DoesNotContain(context.Logs.Lines, l => l.Contains("hf_secret_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relative_redirect_of_a_renamed_repo_is_followed_with_the_token()
    {
        await using var context = await HubTestContext.StartAsync();
        var repo = context.Hub.AddRepo("org/new-name").AddFile("config.json", "{\"renamed\":true}");
        repo.IsPrivate = true;
        context.Hub.ValidTokens.Add("hf_tok");
        context.Hub.Renames["org/old-name"] = "org/new-name";
        using var client = context.Client(new HubOptions { Token = "hf_tok" });

        var path = await client.DownloadFileAsync("org/old-name", "config.json", cancellationToken: Ct);

        Assert.Equal("{\"renamed\":true}", File.ReadAllText(path));
        Assert.Contains("models--org--old-name", path, StringComparison.Ordinal);
        Assert.Contains(context.Hub.Requests, r => r.Target == "/org/new-name/resolve/main/config.json" && r.Authorization == "Bearer hf_tok");
    }
}
