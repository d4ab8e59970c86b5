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

    /// <summary>Drops the references to the step's values (their native buffers own them).</summary>
    public void ClearStepValues()
    {
        Array.Clear(Inputs);
        Array.Clear(Outputs);
    }

    public void Dispose()
    {
        ClearStepValues();
        keepLast?.Dispose();
        keepAll?.Dispose();
        cacheBranchOn?.Dispose();
        cacheBranchOff?.Dispose();
        constants.Dispose();
    }
}
