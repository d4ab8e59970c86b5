using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// A cache's reusable feed and fetch arrays for one graph, and the constant inputs (<c>num_logits_to_keep</c>,
/// <c>use_cache_branch</c>) created once over native memory.
/// </summary>
internal sealed class GraphBindings : IDisposable
{
    private readonly NativeBuffer constants = new(64);
    private readonly OrtValue? keepLast;
    private readonly OrtValue? keepAll;
    private readonly OrtValue? cacheBranchOn;
    private readonly OrtValue? cacheBranchOff;

    public GraphBindings(DecoderGraph graph)
    {
        Graph = graph;
        Inputs = new OrtValue[graph.InputNames.Length];
        Outputs = new OrtValue[graph.OutputNames.Length];
        var memory = OrtMemoryInfo.DefaultInstance;
        if (graph.LogitsToKeep is { } keep)
        {
            long[] shape = keep.Rank == 0 ? [] : [1];
            var size = keep.ElementType == TensorElementType.Int64 ? 8 : 4;
            var bytes = constants.AsSpan<byte>(16);
            bytes.Clear();
            bytes[0] = 1; // little-endian 1 in the first value, 0 in the second
            keepLast = OrtValue.CreateTensorValueWithData(memory, keep.ElementType, shape, constants.Pointer, size);
            keepAll = OrtValue.CreateTensorValueWithData(memory, keep.ElementType, shape, constants.Pointer + 8, size);
        }

        if (graph.UseCacheBranch is not null)
        {
            var flags = constants.AsSpan<byte>(18);
            flags[16] = 1;
            flags[17] = 0;
            cacheBranchOn = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Bool, [1], constants.Pointer + 16, 1);
            cacheBranchOff = OrtValue.CreateTensorValueWithData(memory, TensorElementType.Bool, [1], constants.Pointer + 17, 1);
        }
    }

    public DecoderGraph Graph { get; }

    public OrtValue[] Inputs { get; }

    public OrtValue[] Outputs { get; }

    public OrtValue KeepValue(bool lastOnly) => (lastOnly ? keepLast : keepAll)!;

    public OrtValue CacheBranchValue(bool hasPast) => (hasPast ? cacheBranchOn : cacheBranchOff)!;

    /// <summary>Disposes the per-step values left in the arrays (never the constants).</summary>
    public void ReleaseStepValues()
    {
        for (var i = 0; i < Inputs.Length; i++)
        {
            var value = Inputs[i];
            if (value is not null && !IsConstant(value))
            {
                value.Dispose();
            }

            Inputs[i] = null!;
        }

        for (var i = 0; i < Outputs.Length; i++)
        {
            Outputs[i]?.Dispose();
            Outputs[i] = null!;
        }
    }

    public void Dispose()
    {
        ReleaseStepValues();
        keepLast?.Dispose();
        keepAll?.Dispose();
        cacheBranchOn?.Dispose();
        cacheBranchOff?.Dispose();
        constants.Dispose();
    }

    private bool IsConstant(OrtValue value) =>
        ReferenceEquals(value, keepLast) || ReferenceEquals(value, keepAll) || ReferenceEquals(value, cacheBranchOn) || ReferenceEquals(value, cacheBranchOff);
}
