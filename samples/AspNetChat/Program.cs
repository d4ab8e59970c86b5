// An ASP.NET Core minimal API that chats with a Hugging Face model through Microsoft.Extensions.AI's IChatClient.
//   dotnet run --project samples/AspNetChat                                   (default model from the Hub)
//   dotnet run --project samples/AspNetChat -- --Sharpformers:Model=<folder>  (a local model folder)
using Microsoft.Extensions.AI;
using Sharpformers.Pipelines;

var builder = WebApplication.CreateBuilder(args);

// Options come from the "Sharpformers" configuration section (CacheDir, Endpoint, Token, Offline, DefaultDtype, ...).
builder.Services.AddSharpformers(builder.Configuration)
    .AddTextGenerationPipeline(builder.Configuration["Sharpformers:Model"] ?? "onnx-community/Qwen2.5-0.5B-Instruct")
    .AddChatClient()
    .UseLogging();

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();

// One reply as JSON.
app.MapPost("/api/chat", async (ChatRequest request, IChatClient chat, CancellationToken cancellationToken) =>
{
    var response = await chat.GetResponseAsync(request.ToMessages(), request.ToOptions(), cancellationToken);
    return Results.Ok(new ChatReply(response.Text, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0));
});

// The reply streamed as server-sent events, one event per text piece.
app.MapPost("/api/chat/stream", (ChatRequest request, IChatClient chat, CancellationToken cancellationToken) =>
    TypedResults.ServerSentEvents(StreamText(chat, request, cancellationToken), eventType: "delta"));

app.Run();

static async IAsyncEnumerable<string> StreamText(
    IChatClient chat, ChatRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
{
    await foreach (var update in chat.GetStreamingResponseAsync(request.ToMessages(), request.ToOptions(), cancellationToken))
    {
        if (update.Text.Length > 0)
        {
            yield return update.Text;
        }
    }
}

/// <summary>A chat request: the conversation so far and an optional reply length.</summary>
public sealed record ChatRequest(IReadOnlyList<ChatTurn> Messages, int? MaxTokens = null)
{
    internal List<ChatMessage> ToMessages() => [.. Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content))];

    internal ChatOptions ToOptions() => new() { MaxOutputTokens = MaxTokens ?? 128 };
}

/// <summary>One turn of a conversation.</summary>
public sealed record ChatTurn(string Role, string Content);

/// <summary>The assistant's reply and token counts.</summary>
public sealed record ChatReply(string Reply, long PromptTokens, long CompletionTokens);

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
