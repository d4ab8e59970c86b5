using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>An encoder's session and the I/O contract read from it: which inputs it takes (and their integer type), which outputs the head reads.</summary>
internal sealed class EncoderGraph : IDisposable
{
    public required InferenceSession Session { get; init; }

    public required string FilePath { get; init; }

    /// <summary>The graph's inputs in feed order (ids, then the optional mask and segment ids).</summary>
    public required EncoderInput[] Inputs { get; init; }

    /// <summary>The outputs the head reads, in order (one, or start and end logits).</summary>
    public required EncoderOutputSlot[] Outputs { get; init; }

    public required EncoderHead Head { get; init; }

    /// <summary>The sequence length the graph is fixed to, or <see langword="null"/> when symbolic.</summary>
    public int? FixedSequenceLength { get; init; }

    public void Dispose() => Session.Dispose();
}

/// <summary>Which tensor an encoder input carries.</summary>
internal enum EncoderInputKind
{
    InputIds,
    AttentionMask,
    TokenTypeIds,
    PositionIds,
}

/// <summary>One graph input: what it carries and its integer type.</summary>
internal sealed record EncoderInput(string Name, EncoderInputKind Kind, TensorElementType ElementType);

/// <summary>One graph output read by the head, with its element type (float or float16) and the size of its last axis when fixed.</summary>
internal sealed record EncoderOutputSlot(string Name, TensorElementType ElementType, int Rank, int? LastDimension);
