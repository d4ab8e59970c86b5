using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// The bounded loopback abuse suite of issue 17: many hostile requests at once (prompt arrays, oversize prompts,
/// context overflow streamed and not, wrong types, hostile templates, cross-origin and non-JSON posts). Every answer
/// has a status and a JSON body (or a finished stream), the server's memory stays under a stated bound, it is alive at
/// the end, and the whole run takes seconds.
/// </summary>
public sealed class AbuseSuiteTests(HardenedServer fixture) : IClassFixture<HardenedServer>
{
    /// <summary>The resident-memory bound of the server through the run (it starts near 200 MiB).</summary>
    private const long RssBound = 1536L * 1024 * 1024;

    [Fact]
    public async Task Hostile_requests_at_once_all_get_json_answers_memory_stays_bounded_and_the_server_lives()
    {
        var http = fixture.Server.Http;
        var model = fixture.ModelName;
        var overflow = string.Concat(Enumerable.Repeat("hello world ", 200));
        var big = string.Concat(Enumerable.Repeat("hello ", 300_000));
        var attacks = new List<Func<Task<ServeResponses.Answer>>>
        {
            () => Post("/v1/completions", new { model, prompt = Enumerable.Repeat("hi", 3000), max_tokens = 1 }),
            () => Post("/v1/completions", new { model, prompt = big }),
            () => Post("/v1/chat/completions", new { model, messages = Enumerable.Repeat(new { role = "user", content = "hello " }, 200_000) }),
            () => Post("/v1/completions", new { model, prompt = "Hi", max_tokens = int.MaxValue, temperature = 0 }),
            () => Post("/v1/completions", new { model, prompt = "Hi", max_tokens = 1_000_000_000, stream = true, temperature = 0 }),
            () => Post("/v1/completions", new { model, prompt = overflow, stream = true }),
            () => Post("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = overflow } } }),
            () => Post("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "explode" } } }),
            () => Post("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "boom" } }, stream = true }),
            () => ServeResponses.PostAsync(http, "/v1/completions", "{\"prompt\": \"\\ud800\"}"),
            () => ServeResponses.PostAsync(http, "/v1/completions", "[1,2,3]"),
            () => ServeResponses.PostAsync(http, "/v1/completions", "{\"prompt\":" + new string('[', 5000)),
            () => ServeResponses.PostAsync(http, "/v1/completions", "{\"prompt\":\"Hi\"}", "text/plain"),
            () => ServeResponses.PostAsync(http, "/v1/completions", "{\"prompt\":\"Hi\"}", headers: new Dictionary<string, string> { ["Origin"] = "http://evil.example" }),
            () => ServeResponses.PostAsync(http, "/v1/completions", "{\"prompt\":\"Hi\"}", headers: new Dictionary<string, string> { ["Host"] = "rebind.example" }),
            () => ServeResponses.SendAsync(http, HttpMethod.Delete, "/v1/models"),
        };
        foreach (var field in new[] { "max_tokens", "temperature", "top_p", "top_k", "seed", "stop", "stream", "n", "messages", "model", "echo", "stream_options", "user", "presence_penalty" })
        {
            foreach (var value in new object?[] { "x", true, new[] { 1 }, new { a = 1 }, -1e300 })
            {
                var body = new Dictionary<string, object?> { ["model"] = model, ["messages"] = new[] { new { role = "user", content = "Hi" } }, ["max_tokens"] = 2, [field] = value };
                attacks.Add(() => Post("/v1/chat/completions", body));
            }
        }

        var watch = Stopwatch.StartNew();
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, fixture.Server.ResidentBytes());
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);

        var answers = await Task.WhenAll(attacks.Select(attack => Task.Run(attack, TestContext.Current.CancellationToken)));
        await sampling.CancelAsync();
        await sampler;

        TestContext.Current.TestOutputHelper?.WriteLine($"{answers.Length} requests in {watch.Elapsed.TotalSeconds:0.0} s, server peak RSS {peak >> 20} MiB");
        Assert.All(answers, answer => Assert.True((int)answer.Status is 200 or 400 or 403 or 404 or 405 or 413 or 415, $"{answer.Status}: {answer.Body}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.True(peak < RssBound, $"peak RSS {peak >> 20} MiB");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"took {watch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await ServeResponses.SendAsync(http, HttpMethod.Get, "/health")).Status);
        Assert.False(fixture.Server.HasExited);
        Assert.DoesNotContain("fail:", fixture.Server.Stderr, StringComparison.Ordinal);

        Task<ServeResponses.Answer> Post(string path, object body) => ServeResponses.PostAsync(http, path, JsonSerializer.Serialize(body));
    }
}
