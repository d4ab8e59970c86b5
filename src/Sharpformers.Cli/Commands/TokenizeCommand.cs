using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sharpformers.Cli.Json;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Commands;

/// <summary>
/// <c>sharpformers tokenize &lt;model&gt; [--no-special-tokens]</c> (stdin: a JSON string per line; stdout:
/// <c>{"ids":[...],"tokens":[...]}</c>) and <c>--decode [--skip-special-tokens]</c> (stdin: a JSON array of ids per line;
/// stdout: <c>{"text":"..."}</c>) and <c>--chat</c> (stdin: a JSON array of chat messages per line; stdout:
/// <c>{"text":"&lt;rendered template&gt;","ids":[...]}</c>, generation prompt added).
/// </summary>
internal static class TokenizeCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates the command reading <paramref name="stdin"/> and writing JSON lines to <paramref name="stdout"/>.</summary>
    public static Command Create(TextReader stdin, TextWriter stdout)
    {
        var model = new Argument<string>("model") { Description = "Model folder containing tokenizer.json." };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Encode without the model's special tokens." };
        var decode = new Option<bool>("--decode") { Description = "Decode: read a JSON array of ids per line, write {\"text\":...}." };
        var skipSpecial = new Option<bool>("--skip-special-tokens") { Description = "With --decode: leave special tokens out of the text." };
        var chat = new Option<bool>("--chat") { Description = "Render a JSON array of chat messages per line with the chat template (generation prompt added)." };
        var command = new Command("tokenize", "Encode JSON strings from stdin to ids and tokens, or decode id arrays (--decode), one JSON line each.")
        {
            model, noSpecial, decode, skipSpecial, chat,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(decode) && parse.GetValue(chat))
            {
                await Console.Error.WriteLineAsync("error: --decode and --chat cannot be used together").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var modelVocabulary = ModelVocabularySize(parse.GetValue(model)!);
            var tokenizer = await AutoTokenizer.FromPretrainedAsync(parse.GetValue(model)!, cancellationToken: cancellationToken).ConfigureAwait(false);
            var isDecode = parse.GetValue(decode);
            var isChat = parse.GetValue(chat);
            var addSpecial = !parse.GetValue(noSpecial);
            var skip = parse.GetValue(skipSpecial);
            var lineNumber = 0;
            while (await stdin.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                var output = isChat ? ChatLine(tokenizer, line, lineNumber, modelVocabulary)
                    : isDecode ? DecodeLine(tokenizer, line, lineNumber, skip)
                    : EncodeLine(tokenizer, line, lineNumber, addSpecial);
                await stdout.WriteLineAsync(output).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string EncodeLine(PretrainedTokenizer tokenizer, string line, int lineNumber, bool addSpecial)
    {
        string text;
        try
        {
            text = JsonSerializer.Deserialize(line, CliJsonContext.Default.String) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new FormatException($"stdin line {lineNumber}: expected a JSON string");
        }

        var encoding = tokenizer.Encode(text, addSpecial);
        return Write(w =>
        {
            w.WriteStartArray("ids");
            foreach (var id in encoding.Ids)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
            w.WriteStartArray("tokens");
            foreach (var token in encoding.Tokens)
            {
                w.WriteStringValue(token);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The vocabulary size of the model in a local folder (config.json), to check chat ids against; null when unknown.</summary>
    private static int? ModelVocabularySize(string model)
    {
        var config = Path.Combine(model, "config.json");
        return Directory.Exists(model) && File.Exists(config) ? Models.AutoConfig.FromPretrained(model).VocabSize : null;
    }

    private static string ChatLine(PretrainedTokenizer tokenizer, string line, int lineNumber, int? modelVocabulary)
    {
        List<ChatMessage> messages;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("not an array");
            }

            messages = [.. document.RootElement.EnumerateArray().Select(ChatMessage.FromJson)];
        }
        catch (JsonException)
        {
            throw new FormatException($"stdin line {lineNumber}: expected a JSON array of chat messages");
        }

        var text = tokenizer.ApplyChatTemplate(messages, addGenerationPrompt: true);
        var ids = tokenizer.Encode(text, addSpecialTokens: false).Ids;
        if (modelVocabulary is { } vocabulary)
        {
            for (var position = 0; position < ids.Count; position++)
            {
                if ((uint)ids[position] >= (uint)vocabulary)
                {
                    throw new Generation.TokenIdOutOfRangeException(ids[position], lineNumber - 1, position, vocabulary);
                }
            }
        }

        return Write(w =>
        {
            w.WriteString("text", text);
            w.WriteStartArray("ids");
            foreach (var id in ids)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
        });
    }

    private static string DecodeLine(PretrainedTokenizer tokenizer, string line, int lineNumber, bool skip)
    {
        int[] ids;
        try
        {
            ids = JsonSerializer.Deserialize(line, CliJsonContext.Default.Int32Array) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new FormatException($"stdin line {lineNumber}: expected a JSON array of token ids");
        }

        foreach (var id in ids)
        {
            if (id < 0 || id >= tokenizer.TotalVocabSize)
            {
                throw new FormatException($"stdin line {lineNumber}: token id {id} is outside the tokenizer's vocabulary of {tokenizer.TotalVocabSize} ids");
            }
        }

        var text = tokenizer.Decode(ids, skip);
        return Write(w => w.WriteString("text", text));
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
