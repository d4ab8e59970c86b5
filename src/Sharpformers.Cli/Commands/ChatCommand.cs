using System.CommandLine;
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
            using var pipeline = await Pipeline.CreateTextGenerationAsync(parse.GetValue(model)!, cancellationToken: ct).ConfigureAwait(false);
            var history = new List<ChatMessage>();
            if (parse.GetValue(system) is { Length: > 0 } systemText)
            {
                history.Add(new ChatMessage("system", systemText));
            }

            var parameters = new TextGenerationParameters { MaxNewTokens = parse.GetValue(maxNewTokens), ReturnFullText = false };
            while (true)
            {
                await stderr.WriteAsync("> ").ConfigureAwait(false);
                var line = await stdin.ReadLineAsync(ct).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(line))
                {
                    return ExitCodes.Success;
                }

                history.Add(new ChatMessage("user", line));
                var reply = new System.Text.StringBuilder();
                await foreach (var piece in pipeline.StreamChatAsync(history, parameters, ct).ConfigureAwait(false))
                {
                    reply.Append(piece);
                    await stdout.WriteAsync(piece).ConfigureAwait(false);
                    await stdout.FlushAsync(ct).ConfigureAwait(false);
                }

                await stdout.WriteLineAsync().ConfigureAwait(false);
                history.Add(new ChatMessage("assistant", reply.ToString()));
            }
        });
        return command;
    }
}
