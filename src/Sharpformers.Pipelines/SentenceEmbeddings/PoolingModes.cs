namespace Sharpformers.Pipelines;

/// <summary>
/// sentence-transformers' pooling modes (<c>1_Pooling/config.json</c>). Several may be set: their vectors are then concatenated in
/// sentence-transformers' order (CLS, max, mean, mean-sqrt-len, weighted mean, last token).
/// </summary>
[Flags]
public enum PoolingModes
{
    /// <summary>No pooling chosen.</summary>
    None = 0,

    /// <summary>The first token's vector (<c>pooling_mode_cls_token</c>).</summary>
    Cls = 1,

    /// <summary>The element-wise maximum over real tokens (<c>pooling_mode_max_tokens</c>).</summary>
    Max = 2,

    /// <summary>The mean over real tokens (<c>pooling_mode_mean_tokens</c>), the default for models without sentence-transformers files.</summary>
    Mean = 4,

    /// <summary>The sum over real tokens divided by the square root of their count (<c>pooling_mode_mean_sqrt_len_tokens</c>).</summary>
    MeanSqrtLength = 8,

    /// <summary>The mean weighted by position 1, 2, 3... (<c>pooling_mode_weightedmean_tokens</c>).</summary>
    WeightedMean = 16,

    /// <summary>The last real token's vector (<c>pooling_mode_lasttoken</c>).</summary>
    LastToken = 32,
}
