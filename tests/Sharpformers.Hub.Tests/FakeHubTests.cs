using System.Net;
using Microsoft.AspNetCore.Http;
using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests;

/// <summary>The fake Hub itself answers like the Hub, so that the client tests rest on a faithful server.</summary>
public sealed class FakeHubTests
{
    [Fact]
    public async Task Resolve_of_an_lfs_file_is_a_302_to_another_origin_with_the_linked_headers()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/r").AddFile("w.bin", new byte[] { 1, 2, 3 }, lfs: true);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{hub.Endpoint}/org/r/resolve/main/w.bin"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(hub.CdnEndpoint + "/cdn/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(new Uri(hub.Endpoint).Port, response.Headers.Location!.Port);
        Assert.Equal($"\"{repo.Files["w.bin"].Sha256}\"", response.Headers.GetValues("X-Linked-Etag").Single());
        Assert.Equal("3", response.Headers.GetValues("X-Linked-Size").Single());
        Assert.Equal(repo.Head, response.Headers.GetValues("X-Repo-Commit").Single());
    }

    [Fact]
    public async Task Range_requests_get_206_with_the_requested_bytes()
    {
        await using var hub = await FakeHub.StartAsync();
        hub.AddRepo("org/r").AddFile("a.txt", "0123456789");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.Endpoint}/org/r/resolve/main/a.txt");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(4, null);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("456789", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(6, hub.Requests.Single().BytesServed);
    }

    [Fact]
    public async Task Extra_routes_let_other_tests_serve_their_own_api_beside_the_hub()
    {
        await using var hub = await FakeHub.StartAsync();
        hub.ExtraRoutes = async context =>
        {
            if (context.Request.Path != "/v1/models")
            {
                return false;
            }

            await context.Response.WriteAsync("{\"data\":[]}", context.RequestAborted);
            return true;
        };
        using var http = new HttpClient();

        Assert.Equal("{\"data\":[]}", await http.GetStringAsync($"{hub.Endpoint}/v1/models", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{hub.Endpoint}/api/models/none/here", TestContext.Current.CancellationToken)).StatusCode);
    }
}
