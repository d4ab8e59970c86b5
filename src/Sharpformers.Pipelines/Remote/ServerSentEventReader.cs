using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sharpformers.Pipelines;

/// <summary>
/// Reads the JSON payloads of a <c>text/event-stream</c> answer: each <c>data:</c> field (with or without the space TGI
/// omits) holds one JSON object; <c>data: [DONE]</c> ends the stream; a payload holding <c>error</c> is thrown as a
/// <see cref="RemoteGenerationException"/>, and a connection cut mid-stream as one too.
/// </summary>
internal static class ServerSentEventReader
{
    private const string Done = "[DONE]";

    /// <param name="response">The streamed answer.</param>
    /// <param name="scope">The call's cancellation and error translation.</param>
    /// <param name="maxEventBytes">The largest event or line accepted (<see cref="RemoteOptions.MaxEventBytes"/>).</param>
    /// <param name="onDone">Called when the server ends the stream with <c>[DONE]</c> (a clean end, whether or not a finish reason came).</param>
    public static async IAsyncEnumerable<JsonElement> ReadAsync(HttpResponseMessage response, RemoteRequestScope scope, int maxEventBytes, Action? onDone = null)
    {
        IAsyncEnumerator<SseItem<string>> events;
        try
        {
            var stream = new BoundedEventStream(await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false), maxEventBytes, scope.Uri);
            events = SseParser.Create(stream).EnumerateAsync(scope.Token).GetAsyncEnumerator(scope.Token);
        }
        catch (Exception ex) when (scope.IsTransportFailure(ex))
        {
            throw scope.Wrap(ex, "opening the stream");
        }

        await using (events.ConfigureAwait(false))
        {
            var received = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (scope.IsTransportFailure(ex))
                {
                    throw scope.Wrap(ex, $"reading the stream after {received} events");
                }

                if (!more)
                {
                    yield break;
                }

                var data = events.Current.Data.Trim();
                if (data.Length == 0)
                {
                    continue;
                }

                if (data == Done)
                {
                    onDone?.Invoke();
                    yield break;
                }

                var payload = RemoteJson.Parse(data, scope.Uri);
                if (RemoteJson.IsError(payload))
                {
                    throw RemoteJson.Error(scope.Uri, status: null, data, $" (mid-stream, after {received} events)");
                }

                received++;
                yield return payload;
            }
        }
    }

    /// <summary>The exception for a stream that ended before the server said it was finished.</summary>
    public static RemoteGenerationException EndedEarly(Uri uri) =>
        new($"the stream from {uri} ended before the server finished the generation (connection closed early?)");
}
