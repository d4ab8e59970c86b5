namespace Sharpformers.Models;

/// <summary>
/// What differs between encoder families, as data: how many position embeddings are taken before the first token
/// (RoBERTa-style models number positions from <c>pad_token_id + 1</c>, so two of <c>max_position_embeddings</c> are unusable).
/// Everything else (inputs, output names, dtypes) is read from the graph.
/// </summary>
internal static class EncoderFamilies
{
    /// <summary><c>model_type</c> → position embeddings reserved before the first token.</summary>
    private static readonly Dictionary<string, int> PositionOffsets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["roberta"] = 2,
        ["xlm-roberta"] = 2,
        ["xlm-roberta-xl"] = 2,
        ["camembert"] = 2,
        ["longformer"] = 2,
        ["mpnet"] = 2,
        ["bart"] = 2,
        ["ibert"] = 2,
        ["data2vec-text"] = 2,
        ["xmod"] = 2,
    };

    /// <summary>Families known to run through the encoder classes (for error messages; others are tried all the same).</summary>
    public static readonly string[] Known =
        ["bert", "distilbert", "roberta", "xlm-roberta", "camembert", "mpnet", "deberta", "deberta-v2", "modernbert", "electra", "albert", "nomic_bert", "xlm", "mobilebert"];

    /// <summary>The longest input the position embeddings allow, or <see langword="null"/> when the config does not say.</summary>
    public static int? MaxPositions(PretrainedConfig config)
    {
        if (config.MaxPositionEmbeddings is not int max || max <= 0)
        {
            return null;
        }

        var offset = config.ModelType is { } type && PositionOffsets.TryGetValue(type, out var o) ? o : 0;
        return max - offset;
    }
}
