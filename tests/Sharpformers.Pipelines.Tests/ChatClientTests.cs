using Microsoft.Extensions.AI;
using TemplateMessage = Sharpformers.Tokenization.ChatMessage;

namespace Sharpformers.Pipelines.Tests;

public sealed class ChatClientTests
{
    private static readonly ChatMessage[] Conversation = [new(ChatRole.User, "Xin chào, bạn khỏe không?")];

    [Fact]
    public async Task Response_equals_the_pipeline_chat_reply_with_usage_filled()
    {
        using var client = new TextGenerationChatClient(FixtureModels.Llama);
        var response = await client.GetResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 6, Temperature = 0 }, TestContext.Current.CancellationToken);

        var direct = await FixtureModels.Llama.ChatAsync(
            [new TemplateMessage("user", "Xin chào, bạn khỏe không?")], new TextGenerationParameters { MaxNewTokens = 6, DoSample = false }, TestContext.Current.CancellationToken);
        Assert.Equal(direct[0].GeneratedText, response.Text);
        Assert.Equal(direct[0].PromptTokenCount, response.Usage!.InputTokenCount);
        Assert.Equal(direct[0].CompletionTokenCount, response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal(FixtureModels.LlamaFolder, response.ModelId);
    }

    [Fact]
    public async Task Streaming_updates_concatenate_to_the_response_and_end_with_usage()
    {
        using var client = new TextGenerationChatClient(FixtureModels.Llama);
        var options = new ChatOptions { MaxOutputTokens = 10 };
        var response = await client.GetResponseAsync(Conversation, options, TestContext.Current.CancellationToken);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation, options, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal(response.Text, string.Concat(updates.Select(u => u.Text)));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(response.Usage!.OutputTokenCount, usage.Details.OutputTokenCount);
        Assert.NotNull(updates[^1].FinishReason);
    }

    [Fact]
    public void Chat_options_map_to_transformers_parameters()
    {
        var p = ChatOptionsMapping.ToParameters(new ChatOptions { Temperature = 0.5f, TopP = 0.9f, TopK = 40, MaxOutputTokens = 33, StopSequences = ["END"], Seed = 5 });
        Assert.True(p.DoSample);
        Assert.Equal(0.5f, p.Temperature);
        Assert.Equal(0.9f, p.TopP);
        Assert.Equal(40, p.TopK);
        Assert.Equal(33, p.MaxNewTokens);
        Assert.Equal(["END"], p.StopStrings);
        Assert.Equal(5, p.Seed);
        Assert.False(p.ReturnFullText);

        var greedy = ChatOptionsMapping.ToParameters(new ChatOptions { Temperature = 0 });
        Assert.False(greedy.DoSample);
        Assert.Null(greedy.Temperature);
        Assert.Null(ChatOptionsMapping.ToParameters(new ChatOptions()).DoSample);
    }

    [Fact]
    public void Options_the_model_cannot_honour_are_refused_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => ChatOptionsMapping.ToParameters(new ChatOptions { PresencePenalty = 0.5f }));
        Assert.Contains("PresencePenalty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_sequences_are_removed_from_replies_and_held_back_in_streams()
    {
        Assert.Equal("abc", StopSequences.TrimEnd("abcEND", ["END"]));
        Assert.Equal("abcEN", StopSequences.TrimEnd("abcEN", ["END"]));

        var holdBack = new StopSequenceHoldBack(["END"]);
        var sent = holdBack.Push("hello E") + holdBack.Push("N") + holdBack.Finish("D");
        Assert.Equal("hello ", sent);
    }

    [Fact]
    public void Metadata_names_the_provider_and_model()
    {
        using var client = new TextGenerationChatClient(FixtureModels.Gpt2);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("sharpformers", metadata!.ProviderName);
        Assert.Equal(FixtureModels.Gpt2Folder, metadata.DefaultModelId);
        Assert.Same(FixtureModels.Gpt2, client.GetService<TextGenerationPipeline>());
    }
}
