using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// One ONNX decoder session and its I/O contract as read from the session metadata: the names to feed in a fixed order
/// (ids, then the optional inputs the graph declares, then the pasts) and to fetch (logits, then the presents).
/// </summary>
internal sealed class DecoderGraph : IDisposable
{
    public required InferenceSession Session { get; init; }

    public required string FilePath { get; init; }

    /// <summary>Input names in feeding order: <see cref="InputIds"/>, then the optional ones present, then one per past slot.</summary>
    public required string[] InputNames { get; init; }

    /// <summary>Output names in fetching order: the logits, then one present per slot.</summary>
    public required string[] OutputNames { get; init; }

    public required TypedInput InputIds { get; init; }

    public TypedInput? AttentionMask { get; init; }

    public TypedInput? PositionIds { get; init; }

    /// <summary><c>num_logits_to_keep</c> or <c>logits_to_keep</c>, when the graph declares it.</summary>
    public TypedInput? LogitsToKeep { get; init; }

    /// <summary><c>use_cache_branch</c> of merged decoders.</summary>
    public TypedInput? UseCacheBranch { get; init; }

    /// <summary>Whether the graph takes past inputs (false only for the first graph of a split pair).</summary>
    public required bool TakesPast { get; init; }

    /// <summary>Index in <see cref="InputNames"/> of the first past input.</summary>
    public required int FirstPastInput { get; init; }

    public required TensorElementType LogitsType { get; init; }

    public required int VocabSize { get; init; }

    public void Dispose() => Session.Dispose();
}

/// <summary>An input's position in the feeding order, its element type and rank.</summary>
internal sealed record TypedInput(int Index, string Name, TensorElementType ElementType, int Rank);
