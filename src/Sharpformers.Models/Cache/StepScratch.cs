using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Models;

/// <summary>The per-cache buffers of one forward step (ids, mask, positions, logits), reused from step to step.</summary>
internal sealed class StepScratch : IDisposable
{
    public StepScratch(CausalLanguageModel model)
    {
        Primary = new GraphBindings(model.Primary);
        FirstStep = model.FirstStep is null ? null : new GraphBindings(model.FirstStep);
        PastShapes = new long[model.Slots.Length][];
        PresentShapes = new long[model.Slots.Length][];
        for (var i = 0; i < model.Slots.Length; i++)
        {
            PastShapes[i] = new long[model.Slots[i].Layout.Rank];
            PresentShapes[i] = new long[model.Slots[i].Layout.Rank];
        }
    }

    public GraphBindings Primary { get; }

    public GraphBindings? FirstStep { get; }

    public NativeBuffer InputIds { get; } = new();

    public NativeBuffer AttentionMask { get; } = new();

    public NativeBuffer PositionIds { get; } = new();

    /// <summary>Logits as the graph writes them (float or float16).</summary>
    public NativeBuffer RawLogits { get; } = new();

    /// <summary>Float logits handed to the caller when the raw ones cannot be (float16, or a gather of last positions).</summary>
    public NativeBuffer Logits { get; } = new();

    public RunOptions RunOptions { get; } = new();

    public long[] TokenShape { get; } = new long[2];

    public long[] MaskShape { get; } = new long[2];

    public long[] LogitsShape { get; } = new long[3];

    public long[][] PastShapes { get; }

    public long[][] PresentShapes { get; }

    public void Dispose()
    {
        Primary.Dispose();
        FirstStep?.Dispose();
        InputIds.Dispose();
        AttentionMask.Dispose();
        PositionIds.Dispose();
        RawLogits.Dispose();
        Logits.Dispose();
        RunOptions.Dispose();
    }
}
