namespace Sharpformers.Hub.Tests.Errors;

public sealed class ProtocolTests
{
    [Theory]
    [InlineData("\"abc123\"", "abc123")]
    [InlineData("W/\"abc123\"", "abc123")]
    [InlineData("abc123", "abc123")]
    public void Etags_are_normalised_like_huggingface_hub(string header, string expected) =>
        Assert.Equal(expected, FileMetadata.Normalize(header));

    [Fact]
    public async Task A_resolve_answer_without_X_Repo_Commit_is_a_protocol_error_unless_the_file_is_cached()
    {
        await using var context = await HubTestContext.StartAsync();
        context.Hub.AddRepo("org/repo").AddFile("config.json", "{}").AddFile("other.json", "[]");
        using var client = context.Client();
        var cached = await client.DownloadFileAsync("org/repo", "config.json", cancellationToken: TestContext.Current.CancellationToken);
        context.Hub.Faults.OmitHeader("X-Repo-Commit");

        var error = await Assert.ThrowsAsync<HubProtocolException>(
            () => client.DownloadFileAsync("org/repo", "other.json", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("X-Repo-Commit", error.Message, StringComparison.Ordinal);
        Assert.Equal(cached, await client.DownloadFileAsync("org/repo", "config.json", cancellationToken: TestContext.Current.CancellationToken));
    }
}
