using System.CommandLine;
using Sharpformers.Generation.Configuration;
using Sharpformers.Pipelines;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Commands;

/// <summary><c>sharpformers chat &lt;model&gt;</c>: an interactive chat in the terminal, streaming each reply.</summary>
internal static class ChatCommand
{
    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var model = new Argument<string>("model") { Description = "Local model folder or Hub repo id." };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Most tokens per reply.", DefaultValueFactory = _ => 256 };
        var system = new Option<string?>("--system") { Description = "A system message that starts the conversation." };
        var command = new Command("chat", "Chat with a model in the terminal (an empty line or end of input quits).") { model, maxNewTokens, system };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(maxNewTokens) < 1)
            {
                await stderr.WriteLineAsync("error: --max-new-tokens must be at least 1").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var pipeline = await Pipeline.CreateTextGenerationAsync(parse.GetValue(model)!, cancellationToken: ct).ConfigureAwait(false);
            var history = new List<ChatMessage>();
            if (parse.GetValue(system) is { Length: > 0 } systemText)
            {
                history.Add(new ChatMessage("system", systemText));
            }

            // The default reply length is an upper bound (capped at the context); an explicit --max-new-tokens keeps room for a
            // reply that long, dropping older turns when needed.
            var parameters = new TextGenerationParameters
            {
                MaxNewTokens = parse.GetValue(maxNewTokens),
                FitMaxNewTokensToContext = parse.GetResult(maxNewTokens) is null or { Implicit: true },
                ReturnFullText = false,
            };
            while (true)
            {
                await stderr.WriteAsync("> ").ConfigureAwait(false);
                var line = await stdin.ReadLineAsync(ct).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(line))
                {
                    return ExitCodes.Success;
                }

                history.Add(new ChatMessage("user", line));
                var reply = await ReplyWithinContextAsync(pipeline, history, parameters, stdout, stderr, ct).ConfigureAwait(false);
                if (reply is null)
                {
                    continue;
                }

                await stdout.WriteLineAsync().ConfigureAwait(false);
                history.Add(new ChatMessage("assistant", reply));
            }
        });
        return command;
    }

    /// <summary>
    /// Streams the reply to the conversation. When the conversation no longer fits the model's context, the oldest turns
    /// (after a system message) are dropped until it does, and the user is told; a message too long on its own is
    /// reported and removed, and the chat goes on. Returns the reply, or null when there is none.
    /// </summary>
    private static async Task<string?> ReplyWithinContextAsync(
        TextGenerationPipeline pipeline, List<ChatMessage> history, TextGenerationParameters parameters, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var dropped = 0;
        while (true)
        {
            var reply = new System.Text.StringBuilder();
            try
            {
                await foreach (var piece in pipeline.StreamChatAsync(history, parameters, ct).ConfigureAwait(false))
                {
                    reply.Append(piece);
                    await stdout.WriteAsync(piece).ConfigureAwait(false);
                    await stdout.FlushAsync(ct).ConfigureAwait(false);
                }

                if (dropped > 0)
                {
                    await stderr.WriteLineAsync($"(dropped the {dropped} oldest messages to fit the model's context)").ConfigureAwait(false);
                }

                return reply.ToString();
            }
            catch (ContextLengthExceededException ex) when (reply.Length == 0)
            {
                var first = history.Count > 0 && history[0].Role == "system" ? 1 : 0;
                if (history.Count - first <= 1)
                {
                    history.RemoveAt(history.Count - 1);
                    await stderr.WriteLineAsync(ex.RequestedNewTokens is { } replyTokens
                        ? $"error: this message and a reply of {replyTokens} tokens (--max-new-tokens) do not fit the model's context ({ex.ContextLength} tokens); it was not sent"
                        : $"error: this message alone does not fit the model's context ({ex.ContextLength} tokens); it was not sent").ConfigureAwait(false);
                    return null;
                }

                // Drop the oldest turn, and its answer, so that the conversation still alternates user/assistant.
                history.RemoveAt(first);
                dropped++;
                if (history.Count - first > 1 && history[first].Role == "assistant")
                {
                    history.RemoveAt(first);
                    dropped++;
                }
            }
            catch (ChatTemplateException ex) when (reply.Length == 0)
            {
                history.RemoveAt(history.Count - 1);
                await stderr.WriteLineAsync($"error: {ex.Message.ReplaceLineEndings(" ")}; the message was not sent").ConfigureAwait(false);
                return null;
            }
        }
    }
}
