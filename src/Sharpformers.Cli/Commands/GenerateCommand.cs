using System.CommandLine;
using System.Text.Json;
using Sharpformers.Cli.Json;
using Sharpformers.Generation;
using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Cli.Commands;

/// <summary><c>sharpformers generate</c>: text generation with a local model, as transformers' <c>generate()</c>, or on a remote server with <c>--endpoint</c>.</summary>
internal static class GenerateCommand
{
    /// <summary>Creates the command writing results to <paramref name="stdout"/> and errors to <paramref name="stderr"/>.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new Argument<string>("model") { Description = "A local model folder (or a Hub repo id)." };
        var prompt = new Option<string?>("--prompt") { Description = "The prompt text (needs the model's tokenizer)." };
        var inputIds = new Option<string?>("--input-ids") { Description = "A JSON array of token-id arrays (a batch; shorter rows are left-padded and masked)." };
        var maxLength = new Option<int?>("--max-length") { Description = "Total maximum length, prompt included." };
        var maxNewTokens = new Option<int?>("--max-new-tokens") { Description = "Maximum number of new tokens." };
        var minNewTokens = new Option<int?>("--min-new-tokens") { Description = "Minimum number of new tokens." };
        var doSample = new Option<bool>("--do-sample") { Description = "Sample instead of greedy or beam search." };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature." };
        var topK = new Option<int?>("--top-k") { Description = "Top-k sampling (0 disables)." };
        var topP = new Option<float?>("--top-p") { Description = "Nucleus sampling mass." };
        var minP = new Option<float?>("--min-p") { Description = "Min-p sampling fraction." };
        var repetitionPenalty = new Option<float?>("--repetition-penalty") { Description = "Repetition penalty (1 disables)." };
        var noRepeatNgramSize = new Option<int?>("--no-repeat-ngram-size") { Description = "Forbid repeating n-grams of this size." };
        var numBeams = new Option<int?>("--num-beams") { Description = "Beam search width." };
        var numReturnSequences = new Option<int?>("--num-return-sequences") { Description = "Sequences returned per prompt." };
        var lengthPenalty = new Option<float?>("--length-penalty") { Description = "Beam length penalty exponent." };
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable).", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<int?>("--seed") { Description = "Random seed for sampling." };
        var dtype = new Option<string?>("--dtype") { Description = "Model variant to load (fp32, fp16, q8, q4, ...)." };
        var chat = new Option<bool>("--chat") { Description = "Wrap --prompt as a user message through the chat template." };
        var stream = new Option<bool>("--stream") { Description = "Print text as it is generated." };
        var json = new Option<bool>("--json") { Description = "Print {\"sequences\":[[...]],\"texts\":[...]} on one line." };
        var endpoint = new Option<string?>("--endpoint") { Description = "Generate on a remote server instead of a local model." };
        var token = new Option<string?>("--token") { Description = "Hugging Face token." };
        var jsonSchema = new Option<string?>("--json-schema") { Description = "Constrain the output to JSON matching the JSON Schema in this file." };
        var regex = new Option<string?>("--regex") { Description = "Constrain the output to text the regular expression matches as a whole." };
        var choice = new Option<string?>("--choice") { Description = "Constrain the output to one of these comma-separated strings." };

        var command = new Command("generate", "Generate text or token ids with a causal language model.")
        {
            model, prompt, inputIds, maxLength, maxNewTokens, minNewTokens, doSample, temperature, topK, topP, minP,
            repetitionPenalty, noRepeatNgramSize, numBeams, numReturnSequences, lengthPenalty, stop, seed, dtype, chat,
            stream, json, endpoint, token, jsonSchema, regex, choice,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var promptText = parse.GetValue(prompt);
            var idsJson = parse.GetValue(inputIds);
            if ((promptText is null) == (idsJson is null))
            {
                return await UsageError(stderr, "give exactly one of --prompt and --input-ids").ConfigureAwait(false);
            }

            var schemaFile = parse.GetValue(jsonSchema);
            var pattern = parse.GetValue(regex);
            var choices = parse.GetValue(choice);
            var constraintCount = (schemaFile is null ? 0 : 1) + (pattern is null ? 0 : 1) + (choices is null ? 0 : 1);
            if (constraintCount > 1)
            {
                return await UsageError(stderr, "give at most one of --json-schema, --regex and --choice").ConfigureAwait(false);
            }

            if (constraintCount > 0 && parse.GetValue(endpoint) is not null)
            {
                return await UsageError(stderr, "--json-schema, --regex and --choice apply to local models only").ConfigureAwait(false);
            }

            TokenConstraint? constraint = null;
            try
            {
                constraint = await CreateConstraintAsync(schemaFile, pattern, choices, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException ex)
            {
                return await UsageError(stderr, $"--json-schema: {ex.Message}").ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                var flag = schemaFile is not null ? "--json-schema" : pattern is not null ? "--regex" : "--choice";
                return await UsageError(stderr, $"{flag}: {ex.Message}").ConfigureAwait(false);
            }

            if (parse.GetValue(endpoint) is { } url)
            {
                if (promptText is null || parse.GetValue(maxLength) is not null || parse.GetValue(dtype) is not null)
                {
                    return await UsageError(stderr, "--endpoint generates from --prompt text; --input-ids, --max-length and --dtype apply to local models only").ConfigureAwait(false);
                }

                var parameters = new Pipelines.TextGenerationParameters
                {
                    MaxNewTokens = parse.GetValue(maxNewTokens),
                    MinNewTokens = parse.GetValue(minNewTokens),
                    DoSample = parse.GetValue(doSample),
                    Temperature = parse.GetValue(temperature),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    MinP = parse.GetValue(minP),
                    RepetitionPenalty = parse.GetValue(repetitionPenalty),
                    NoRepeatNgramSize = parse.GetValue(noRepeatNgramSize),
                    NumBeams = parse.GetValue(numBeams),
                    NumReturnSequences = parse.GetValue(numReturnSequences),
                    LengthPenalty = parse.GetValue(lengthPenalty),
                    StopStrings = parse.GetValue(stop),
                    Seed = parse.GetValue(seed),
                };
                return await RunRemoteAsync(parse.GetValue(model)!, url, parse.GetValue(token), promptText, parameters, parse.GetValue(chat), parse.GetValue(stream), parse.GetValue(json), stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            long[][]? batch = null;
            if (idsJson is not null)
            {
                try
                {
                    batch = JsonSerializer.Deserialize(idsJson, CliJsonContext.Default.Int64ArrayArray);
                }
                catch (JsonException ex)
                {
                    return await UsageError(stderr, $"--input-ids must be a JSON array of arrays of token ids ({ex.Message})").ConfigureAwait(false);
                }

                if (batch is null || batch.Length == 0 || Array.Exists(batch, row => row is null || row.Length == 0))
                {
                    return await UsageError(stderr, "--input-ids must hold at least one non-empty array of token ids").ConfigureAwait(false);
                }

                if (Array.Find(batch, row => Array.Exists(row, id => id < 0)) is { } negative)
                {
                    return await UsageError(stderr, $"--input-ids: token ids are never negative ({Array.Find(negative, id => id < 0)})").ConfigureAwait(false);
                }
            }

            if (parse.GetValue(chat) && promptText is null)
            {
                return await UsageError(stderr, "--chat wraps --prompt as a user message; it cannot be used with --input-ids").ConfigureAwait(false);
            }

            var folder = parse.GetValue(model)!;

            // A local folder's tokenizer is read while ONNX Runtime builds the session: each is a large share of a cold start.
            var localTokenizer = Directory.Exists(folder) && File.Exists(Path.Combine(folder, "tokenizer.json"))
                ? Task.Run(
                    () =>
                    {
                        var loaded = AutoTokenizer.FromPretrained(folder);
                        ColdStartTimings.Mark(stderr, "tokenizer-loaded");
                        return (PretrainedTokenizer?)loaded;
                    },
                    cancellationToken)
                : null;
            using var lm = await AutoModelForCausalLM.FromPretrainedAsync(folder, new ModelOptions { Dtype = parse.GetValue(dtype) }, cancellationToken).ConfigureAwait(false);
            ColdStartTimings.Mark(stderr, "model-loaded");
            var config = lm.GenerationConfig.Clone();
            Apply(parse, config, maxLength, maxNewTokens, minNewTokens, doSample, temperature, topK, topP, minP, repetitionPenalty, noRepeatNgramSize, numBeams, numReturnSequences, lengthPenalty, seed);
            var stops = parse.GetValue(stop);
            if (stops is { Length: > 0 })
            {
                config.StopStrings = stops;
            }

            try
            {
                GenerationConfigValidator.Validate(config);
                return await RunAsync(lm, folder, localTokenizer, config, promptText, parse.GetValue(chat), batch, parse.GetValue(maxLength) is not null, parse.GetValue(maxNewTokens) is not null, constraint, parse.GetValue(stream), parse.GetValue(json), stdout, stderr, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidGenerationConfigException ex)
            {
                return await UsageError(stderr, ex.Message).ConfigureAwait(false);
            }
            catch (TokenIdOutOfRangeException ex) when (idsJson is not null)
            {
                return await UsageError(stderr, $"--input-ids: {ex.Message}").ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>The constraint of --json-schema FILE, --regex or --choice a,b,c (null when none is given).</summary>
    private static async Task<TokenConstraint?> CreateConstraintAsync(string? schemaFile, string? pattern, string? choices, CancellationToken cancellationToken)
    {
        if (schemaFile is not null)
        {
            if (!File.Exists(schemaFile))
            {
                throw new FileNotFoundException($"the schema file '{schemaFile}' does not exist", schemaFile);
            }

            return TokenConstraint.JsonSchema(await File.ReadAllTextAsync(schemaFile, cancellationToken).ConfigureAwait(false));
        }

        if (pattern is not null)
        {
            return TokenConstraint.Regex(pattern);
        }

        return choices is null ? null : TokenConstraint.Choice(choices.Split(','));
    }

    /// <summary>The model's tokenizer, or null when the folder (or repo) has none: <c>texts</c> is then left out of <c>--json</c>.</summary>
    private static async Task<PretrainedTokenizer?> LoadTokenizerIfAnyAsync(string modelArgument, string modelDirectory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(modelArgument) || File.Exists(Path.Combine(modelDirectory, "tokenizer.json")))
        {
            return File.Exists(Path.Combine(modelDirectory, "tokenizer.json")) ? AutoTokenizer.FromPretrained(modelDirectory) : null;
        }

        try
        {
            return await AutoTokenizer.FromPretrainedAsync(modelArgument, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async Task<int> RunAsync(
        CausalLanguageModel lm,
        string folder,
        Task<PretrainedTokenizer?>? localTokenizer,
        GenerationConfig config,
        string? promptText,
        bool chat,
        long[][]? batch,
        bool maxLengthIsExplicit,
        bool maxNewTokensIsExplicit,
        TokenConstraint? constraint,
        bool stream,
        bool json,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        var tokenizer = localTokenizer is not null
            ? await localTokenizer.ConfigureAwait(false)
            : await LoadTokenizerIfAnyAsync(folder, lm.ModelDirectory, cancellationToken).ConfigureAwait(false);
        if (promptText is not null)
        {
            if (tokenizer is null)
            {
                return await RuntimeError(stderr, $"--prompt needs a tokenizer but '{folder}' has no tokenizer.json; use --input-ids").ConfigureAwait(false);
            }

            // --chat renders the prompt as a user message with the chat template, tokenized without extra special tokens.
            var ids = chat
                ? tokenizer.Encode(tokenizer.ApplyChatTemplate([new ChatMessage("user", promptText)], addGenerationPrompt: true), addSpecialTokens: false).Ids
                : tokenizer.Encode(promptText).Ids;
            batch = [[.. ids.Select(id => (long)id)]];
        }

        if (constraint is not null && tokenizer is null)
        {
            return await RuntimeError(stderr, $"--json-schema, --regex and --choice need the model's tokenizer but '{folder}' has no tokenizer.json").ConfigureAwait(false);
        }

        var options = new GenerationOptions
        {
            Tokenizer = tokenizer?.AsGenerationTokenizer(),
            MaxLengthIsExplicit = maxLengthIsExplicit,
            FitMaxNewTokensToContext = !maxNewTokensIsExplicit, // a generation_config.json default is capped at the context; --max-new-tokens is not
            Constraint = constraint,
            StoppingCriteria = ColdStartTimings.Enabled ? [ColdStartTimings.FirstToken(stderr)] : null,
        };
        if (stream && !json)
        {
            if (batch!.Length != 1)
            {
                return await UsageError(stderr, "--stream generates from one prompt").ConfigureAwait(false);
            }

            await foreach (var piece in lm.GenerateStreamAsync(batch[0], config, options, cancellationToken).ConfigureAwait(false))
            {
                await stdout.WriteAsync(piece.Text).ConfigureAwait(false);
                await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync().ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var result = await lm.GenerateAsync(batch!, config, options, cancellationToken).ConfigureAwait(false);
        ColdStartTimings.Mark(stderr, "generated");
        if (json)
        {
            await stdout.WriteLineAsync(ToJson(result, tokenizer)).ConfigureAwait(false);
        }
        else
        {
            for (var i = 0; i < result.Sequences.Count; i++)
            {
                var generated = ToInts(result.NewTokens(i));
                await stdout.WriteLineAsync(tokenizer is null ? string.Join(' ', generated) : tokenizer.Decode(generated, skipSpecialTokens: true)).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary><c>--endpoint</c>: the same generation on a remote server through the pipeline's remote backend.</summary>
    private static async Task<int> RunRemoteAsync(
        string model,
        string endpoint,
        string? token,
        string prompt,
        Pipelines.TextGenerationParameters parameters,
        bool chat,
        bool stream,
        bool json,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return await UsageError(stderr, $"--endpoint must be an absolute http(s) URL, not '{endpoint}'").ConfigureAwait(false);
        }

        // Without --token, HF_TOKEN is sent to Hugging Face hosts only (never to a third-party server).
        var remote = new Pipelines.RemoteOptions { Endpoint = url, Token = token };
        ChatMessage[] messages = [new("user", prompt)];
        try
        {
            using var pipeline = await Pipelines.Pipeline.CreateTextGenerationAsync(model, new Pipelines.PipelineOptions { Remote = remote }, cancellationToken).ConfigureAwait(false);
            if (stream && !json)
            {
                var pieces = chat ? pipeline.StreamChatAsync(messages, parameters, cancellationToken) : pipeline.StreamAsync(prompt, parameters, cancellationToken);
                await foreach (var piece in pieces.ConfigureAwait(false))
                {
                    await stdout.WriteAsync(piece).ConfigureAwait(false);
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                await stdout.WriteLineAsync().ConfigureAwait(false);
                return ExitCodes.Success;
            }

            // --json prints whole texts (prompt + generated), as the local form does; plain output the generated text only.
            parameters = parameters with { ReturnFullText = json };
            var results = chat
                ? await pipeline.ChatAsync(messages, parameters, cancellationToken).ConfigureAwait(false)
                : await pipeline.GenerateAsync(prompt, parameters, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await stdout.WriteLineAsync(CompactJson.Write(writer => { writer.WriteStartObject(); CompactJson.WriteStrings(writer, "texts", results.Select(r => r.GeneratedText)); writer.WriteEndObject(); }, relaxed: true)).ConfigureAwait(false);
            }
            else
            {
                foreach (var result in results)
                {
                    await stdout.WriteLineAsync(result.GeneratedText).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            return await UsageError(stderr, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Pipelines.RemoteGenerationException or TimeoutException or HttpRequestException)
        {
            return await RuntimeError(stderr, ex.Message).ConfigureAwait(false);
        }
    }

    private static void Apply(
        ParseResult parse,
        GenerationConfig config,
        Option<int?> maxLength,
        Option<int?> maxNewTokens,
        Option<int?> minNewTokens,
        Option<bool> doSample,
        Option<float?> temperature,
        Option<int?> topK,
        Option<float?> topP,
        Option<float?> minP,
        Option<float?> repetitionPenalty,
        Option<int?> noRepeatNgramSize,
        Option<int?> numBeams,
        Option<int?> numReturnSequences,
        Option<float?> lengthPenalty,
        Option<int?> seed)
    {
        if (parse.GetValue(maxLength) is { } ml)
        {
            config.MaxLength = ml;
            config.MaxNewTokens = null;
        }

        config.MaxNewTokens = parse.GetValue(maxNewTokens) ?? config.MaxNewTokens;
        config.MinNewTokens = parse.GetValue(minNewTokens) ?? config.MinNewTokens;
        config.DoSample |= parse.GetValue(doSample);
        config.Temperature = parse.GetValue(temperature) ?? config.Temperature;
        config.TopK = parse.GetValue(topK) ?? config.TopK;
        config.TopP = parse.GetValue(topP) ?? config.TopP;
        config.MinP = parse.GetValue(minP) ?? config.MinP;
        config.RepetitionPenalty = parse.GetValue(repetitionPenalty) ?? config.RepetitionPenalty;
        config.NoRepeatNgramSize = parse.GetValue(noRepeatNgramSize) ?? config.NoRepeatNgramSize;
        config.NumBeams = parse.GetValue(numBeams) ?? config.NumBeams;
        config.NumReturnSequences = parse.GetValue(numReturnSequences) ?? config.NumReturnSequences;
        config.LengthPenalty = parse.GetValue(lengthPenalty) ?? config.LengthPenalty;
        config.Seed = parse.GetValue(seed) ?? config.Seed;
    }

    private static string ToJson(GenerationResult result, PretrainedTokenizer? tokenizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("sequences");
            foreach (var sequence in result.Sequences)
            {
                writer.WriteStartArray();
                foreach (var id in sequence)
                {
                    writer.WriteNumberValue(id);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            if (tokenizer is not null)
            {
                writer.WriteStartArray("texts");
                foreach (var sequence in result.Sequences)
                {
                    writer.WriteStringValue(tokenizer.Decode(ToInts(sequence), skipSpecialTokens: true));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static int[] ToInts(ReadOnlySpan<long> ids)
    {
        var result = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            result[i] = checked((int)ids[i]);
        }

        return result;
    }

    private static async Task<int> UsageError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    private static async Task<int> RuntimeError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return ExitCodes.RuntimeError;
    }
}
