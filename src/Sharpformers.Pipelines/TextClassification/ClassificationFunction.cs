namespace Sharpformers.Pipelines;

/// <summary>transformers' <c>function_to_apply</c>: what turns a classifier's logits into scores.</summary>
public enum ClassificationFunction
{
    /// <summary>The logits as they are (<c>"none"</c>; regression models).</summary>
    None,

    /// <summary>Each logit through the logistic function (<c>"sigmoid"</c>; one label, or multi-label models).</summary>
    Sigmoid,

    /// <summary>A probability distribution over the labels (<c>"softmax"</c>; single-label models with several labels).</summary>
    Softmax,
}
