using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// <c>serve</c> through the official OpenAI .NET SDK (issues 16 and 17): model listing, an unknown model (404), bad
/// parameters (400 naming the field), context overflow, streaming with a finish reason.
/// </summary>
public sealed class OpenAiSdkTests(HardenedServer fixture) : IClassFixture<HardenedServer>
{
    private OpenAIClient Client => new(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Server.Url + "/v1") });

    [Fact]
    public async Task Lists_the_served_model_by_its_name_with_created_and_owner()
    {
        OpenAIModelCollection models = await Client.GetOpenAIModelClient().GetModelsAsync(TestContext.Current.CancellationToken);

        var model = Assert.Single(models);
        Assert.Equal(fixture.ModelName, model.Id);
        Assert.Equal("sharpformers", model.OwnedBy);
        Assert.True(model.CreatedAt > new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_model_not_found()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.Status);
        Assert.Contains("model_not_found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5f, null, "temperature")]
    [InlineData(null, 3f, "top_p")]
    public async Task A_parameter_out_of_range_is_a_400_naming_it(float? temperature, float? topP, string field)
    {
        var options = new ChatCompletionOptions { Temperature = temperature, TopP = topP, MaxOutputTokenCount = 2 };
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client.GetChatClient(fixture.ModelName).CompleteChatAsync([new UserChatMessage("Hi")], options, TestContext.Current.CancellationToken));

        Assert.Equal(400, error.Status);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_parts_are_refused_not_dropped()
    {
        var message = new UserChatMessage(ChatMessageContentPart.CreateTextPart("What is this?"), ChatMessageContentPart.CreateImagePart(new Uri("https://example.com/cat.png")));
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client.GetChatClient(fixture.ModelName).CompleteChatAsync([message], new ChatCompletionOptions { MaxOutputTokenCount = 2 }, TestContext.Current.CancellationToken));

        Assert.Equal(400, error.Status);
        Assert.Contains("image_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_longer_than_the_context_is_a_400_context_length_exceeded()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client.GetChatClient(fixture.ModelName).CompleteChatAsync([new UserChatMessage(string.Concat(Enumerable.Repeat("hello world ", 200)))], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, error.Status);
        Assert.Contains("context_length_exceeded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_max_output_token_count_past_the_context_is_a_400_context_length_exceeded_naming_it(bool stream)
    {
        var chat = Client.GetChatClient(fixture.ModelName);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 1_000_000 };
        var ct = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            if (stream)
            {
                await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")], options, ct))
                {
                }
            }
            else
            {
                await chat.CompleteChatAsync([new UserChatMessage("Hi")], options, ct);
            }
        });

        Assert.Equal(400, error.Status);
        using var body = System.Text.Json.JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        var detail = body.RootElement.GetProperty("error");
        Assert.Equal("context_length_exceeded", detail.GetProperty("code").GetString());
        Assert.Equal("max_completion_tokens", detail.GetProperty("param").GetString());
        Assert.Contains($"maximum context length is {HostileModelFolder.Context} tokens", detail.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_adds_up_to_the_whole_reply_and_ends_with_a_finish_reason()
    {
        var chat = Client.GetChatClient(fixture.ModelName);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 100 };
        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Hi")], options, TestContext.Current.CancellationToken);

        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")], options, TestContext.Current.CancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(whole.FinishReason, finish);
        Assert.Equal(fixture.ModelName, whole.Model);
        // The reply ran to its 100 tokens (or hit eos first): either way it ended cleanly.
        Assert.True(whole.FinishReason == ChatFinishReason.Stop || whole.Usage.OutputTokenCount == 100, $"{whole.FinishReason} {whole.Usage.OutputTokenCount}");
    }
}
