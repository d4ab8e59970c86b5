namespace Sharpformers.Models;

/// <summary>The model facts the graph reader falls back on when a dimension is symbolic: genai_config.json first, then config.json.</summary>
internal sealed record ModelDimensions(string? ModelType, int? VocabSize, int? NumAttentionHeads, int? NumKeyValueHeads, int? HeadDim, GenAiConfig? GenAi)
{
    public static ModelDimensions From(PretrainedConfig config, GenAiConfig? genAi)
    {
        var heads = genAi?.NumAttentionHeads ?? config.NumAttentionHeads;
        var kvHeads = genAi?.NumKeyValueHeads ?? config.NumKeyValueHeads ?? heads;
        var headDim = genAi?.HeadSize ?? config.HeadDim;
        return new ModelDimensions(config.ModelType ?? genAi?.ModelType, genAi?.VocabSize ?? config.VocabSize, heads, kvHeads, headDim, genAi);
    }
}
