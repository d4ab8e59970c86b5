using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// Issue 17, finding 7: 40 concurrent long generations (half of them streamed) against <c>serve</c> as a process on the
/// tiny Llama fixture, while <c>/v1/models</c> and <c>/health</c> are polled. The listing stays fast (p95 under 200 ms),
/// with continuous batching and with one decode loop per request (<c>--no-batching</c>),
/// every generation answer has a status and a JSON body (or a finished event stream), and the server lives.
/// </summary>
public sealed class AdmissionLoadTests
{
    private const int Clients = 40;
    private const int MaxTokens = 200;
    private static readonly TimeSpan P95Bound = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Finding7_model_listing_stays_fast_while_40_long_generations_run(bool oneLoopPerRequest)
    {
        var ct = TestContext.Current.CancellationToken;
        string[] flags = oneLoopPerRequest ? ["--served-model-name", "m", "--no-batching"] : ["--served-model-name", "m"];
        await using var server = await ServeProcess.StartAsync(Fixtures.Require("models", "tiny-random-llama-fp16"), flags);
        var http = server.Http;

        var generations = Enumerable.Range(0, Clients).Select(i => Task.Run(
            () => ServeResponses.PostAsync(http, "/v1/completions", JsonSerializer.Serialize(new
            {
                model = "m",
                prompt = $"Request {i} says hello",
                max_tokens = MaxTokens,
                temperature = 0,
                stream = i % 2 == 1,
            })),
            ct)).ToArray();
        var load = Task.WhenAll(generations);

        var latencies = new List<TimeSpan>();
        var health = 0;
        while (!load.IsCompleted)
        {
            var path = latencies.Count % 5 == 4 ? "/health" : "/v1/models";
            var watch = Stopwatch.StartNew();
            var answer = await ServeResponses.SendAsync(http, HttpMethod.Get, path);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            if (path == "/health")
            {
                health++;
            }
            else
            {
                Assert.Equal("m", answer.Json.GetProperty("data")[0].GetProperty("id").GetString());
            }

            latencies.Add(watch.Elapsed);
            await Task.Delay(50, ct);
        }

        var answers = await load;
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p95 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.95) - 1)];
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{(oneLoopPerRequest ? "--no-batching, " : "")}{Clients} clients × {MaxTokens} tokens: {latencies.Count} polls ({health} /health), p50 {p50.TotalMilliseconds:0} ms, "
            + $"p95 {p95.TotalMilliseconds:0} ms, max {latencies[^1].TotalMilliseconds:0} ms; statuses "
            + string.Join(", ", answers.GroupBy(a => (int)a.Status).Select(g => $"{g.Key}×{g.Count()}")));

        Assert.True(latencies.Count >= 10, $"only {latencies.Count} polls ran during the load");
        Assert.True(p95 < P95Bound, $"p95 of /v1/models under load is {p95.TotalMilliseconds:0} ms");

        // Every answer is well formed (ServeResponses checks the JSON body or the [DONE] stream); a full queue is a 429.
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.Status}: {a.Body}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        foreach (var ok in answers.Where(a => a.Status == HttpStatusCode.OK && a.ContentType == "application/json"))
        {
            Assert.Contains(ok.Json.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), new[] { "length", "stop" });
        }

        Assert.Equal(HttpStatusCode.OK, (await ServeResponses.SendAsync(http, HttpMethod.Get, "/health")).Status);
        Assert.False(server.HasExited);
        Assert.DoesNotContain("fail:", server.Stderr, StringComparison.Ordinal);
    }
}
