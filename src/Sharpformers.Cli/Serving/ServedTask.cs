using System.Text.Json;

namespace Sharpformers.Cli.Serving;

/// <summary>What <c>sharpformers serve</c> serves: text generation (chat/completions), embeddings or reranking.</summary>
internal enum ServedTask
{
    /// <summary><c>/v1/chat/completions</c> and <c>/v1/completions</c> over a causal language model.</summary>
    TextGeneration,

    /// <summary><c>/v1/embeddings</c> over an encoder (sentence-transformers files used when present).</summary>
    Embeddings,

    /// <summary><c>/v1/rerank</c> over a cross-encoder (a sequence-classification head).</summary>
    Rerank,
}

/// <summary>Chooses the <see cref="ServedTask"/> from the <c>--task</c> option or, with <c>auto</c>, from the model folder.</summary>
internal static class ServedTasks
{
    /// <summary>The values <c>--task</c> accepts.</summary>
    public static readonly string[] Names = ["auto", "text-generation", "embeddings", "rerank"];

    private static readonly HashSet<string> EncoderTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "bert", "distilbert", "roberta", "xlm-roberta", "camembert", "mpnet", "deberta", "deberta-v2", "modernbert", "electra", "albert", "nomic_bert", "new",
    };

    /// <summary>The endpoint path of a task's main route (for messages).</summary>
    public static string Route(ServedTask task) => task switch
    {
        ServedTask.Embeddings => "/v1/embeddings",
        ServedTask.Rerank => "/v1/rerank",
        _ => "/v1/chat/completions",
    };

    /// <summary>The task's name as <c>--task</c> spells it.</summary>
    public static string Name(ServedTask task) => task switch
    {
        ServedTask.Embeddings => "embeddings",
        ServedTask.Rerank => "rerank",
        _ => "text-generation",
    };

    /// <summary>
    /// Resolves <paramref name="task"/>; <c>auto</c> reads a local folder: sentence-transformers' <c>modules.json</c> → embeddings;
    /// a <c>*ForSequenceClassification</c> architecture → rerank; a BERT-like <c>model_type</c> → embeddings; anything else (and a
    /// Hub repo id, which is not read before loading) → text generation.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown task name.</exception>
    public static ServedTask Resolve(string task, string model) => task.ToLowerInvariant() switch
    {
        "text-generation" => ServedTask.TextGeneration,
        "embeddings" or "feature-extraction" or "sentence-embeddings" => ServedTask.Embeddings,
        "rerank" or "reranking" or "score" => ServedTask.Rerank,
        "auto" => Detect(model),
        _ => throw new ArgumentException($"--task: unknown task '{task}'; expected one of {string.Join(", ", Names)}", nameof(task)),
    };

    private static ServedTask Detect(string model)
    {
        if (!Directory.Exists(model))
        {
            return ServedTask.TextGeneration;
        }

        if (File.Exists(Path.Combine(model, "modules.json")))
        {
            return ServedTask.Embeddings;
        }

        var configPath = Path.Combine(model, "config.json");
        if (!File.Exists(configPath))
        {
            return ServedTask.TextGeneration;
        }

        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = config.RootElement;
            if (root.TryGetProperty("architectures", out var architectures) && architectures.ValueKind == JsonValueKind.Array)
            {
                foreach (var architecture in architectures.EnumerateArray())
                {
                    var name = architecture.GetString() ?? string.Empty;
                    if (name.EndsWith("ForSequenceClassification", StringComparison.Ordinal))
                    {
                        return ServedTask.Rerank;
                    }

                    if (name.EndsWith("ForCausalLM", StringComparison.Ordinal) || name.EndsWith("LMHeadModel", StringComparison.Ordinal)
                        || name.EndsWith("ForConditionalGeneration", StringComparison.Ordinal))
                    {
                        return ServedTask.TextGeneration;
                    }
                }
            }

            return root.TryGetProperty("model_type", out var type) && type.ValueKind == JsonValueKind.String && EncoderTypes.Contains(type.GetString()!)
                ? ServedTask.Embeddings
                : ServedTask.TextGeneration;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{configPath} is not valid JSON: {ex.Message}", ex);
        }
    }
}
