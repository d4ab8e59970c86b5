using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// Runs one forward step of a cache: writes the inputs into the cache's native buffers, binds their <c>OrtValue</c> views and
/// those of the KV buffers (no copies; a view is re-created only when its shape changes), runs the session with pre-allocated
/// outputs, then advances the cache and returns float logits.
/// </summary>
internal static class DecoderStep
{
    public static ReadOnlySpan<float> Run(
        KvCache cache,
        ReadOnlySpan<long> inputIds,
        ReadOnlySpan<long> attentionMask,
        ReadOnlySpan<long> positionIds,
        bool lastOnly,
        CancellationToken cancellationToken)
    {
        cache.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        var model = cache.Model;
        var batch = cache.BatchSize;
        var past = cache.SequenceLength;
        if (inputIds.IsEmpty || inputIds.Length % batch != 0)
        {
            throw new ArgumentException($"inputIds has {inputIds.Length} ids, which is not a positive multiple of the cache's batch size {batch}.", nameof(inputIds));
        }

        var newTokens = inputIds.Length / batch;
        var total = past + newTokens;
        if (attentionMask.Length != batch * total)
        {
            throw new ArgumentException(
                $"attentionMask has {attentionMask.Length} values; expected batch {batch} × (past {past} + new {newTokens}) = {batch * total}.", nameof(attentionMask));
        }

        var scratch = cache.Step;
        var bindings = past == 0 && scratch.FirstStep is not null ? scratch.FirstStep : scratch.Primary;
        var graph = bindings.Graph;
        if (graph.PositionIds is not null && positionIds.Length != inputIds.Length)
        {
            throw new ArgumentException($"positionIds has {positionIds.Length} values; expected one per input id ({inputIds.Length}).", nameof(positionIds));
        }

        var slots = cache.Slots;
        var keep = lastOnly && graph.LogitsToKeep is not null ? 1 : newTokens;
        var vocab = graph.VocabSize;
        try
        {
            scratch.TokenShape[0] = batch;
            scratch.TokenShape[1] = newTokens;
            var inputs = bindings.Inputs;
            inputs[graph.InputIds.Index] = Integers(graph.InputIds, scratch.InputIds, inputIds, scratch.TokenShape);
            if (graph.AttentionMask is { } mask)
            {
                scratch.MaskShape[0] = batch;
                scratch.MaskShape[1] = total;
                inputs[mask.Index] = Integers(mask, scratch.AttentionMask, attentionMask, scratch.MaskShape);
            }

            if (graph.PositionIds is { } positions)
            {
                inputs[positions.Index] = Integers(positions, scratch.PositionIds, positionIds, scratch.TokenShape);
            }

            if (graph.LogitsToKeep is { } keepInput)
            {
                inputs[keepInput.Index] = bindings.KeepValue(lastOnly);
            }

            if (graph.UseCacheBranch is { } branch)
            {
                inputs[branch.Index] = bindings.CacheBranchValue(past > 0);
            }

            var outputs = bindings.Outputs;
            var logitsElementSize = graph.LogitsType == TensorElementType.Float16 ? 2 : 4;
            var logitsCount = (long)batch * keep * vocab;
            scratch.RawLogits.EnsureCapacity(logitsCount * logitsElementSize);
            scratch.LogitsShape[0] = batch;
            scratch.LogitsShape[1] = keep;
            scratch.LogitsShape[2] = vocab;
            outputs[0] = scratch.RawLogits.View(graph.LogitsType, scratch.LogitsShape, logitsCount * logitsElementSize);

            for (var s = 0; s < slots.Length; s++)
            {
                var slot = slots[s];
                if (graph.TakesPast)
                {
                    var pastShape = scratch.PastShapes[s];
                    slot.Layout.FillShape(pastShape, batch, past);
                    inputs[graph.FirstPastInput + s] = cache.Past(s).View(slot.ElementType, pastShape, slot.ByteCount(batch, past));
                }

                var presentShape = scratch.PresentShapes[s];
                slot.Layout.FillShape(presentShape, batch, total);
                outputs[s + 1] = cache.PresentTarget(s).View(slot.ElementType, presentShape, slot.ByteCount(batch, total));
            }

            RunSession(graph, scratch.RunOptions, inputs, outputs, cancellationToken);
        }
        finally
        {
            bindings.ClearStepValues();
        }

        cache.Advance(newTokens);
        return Logits(scratch, graph.LogitsType, batch, keep, vocab, lastOnly);
    }

    private static void RunSession(DecoderGraph graph, RunOptions runOptions, OrtValue[] inputs, OrtValue[] outputs, CancellationToken cancellationToken)
    {
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((RunOptions)state!).Terminate = true, runOptions)
            : default;
        try
        {
            graph.Session.Run(runOptions, graph.InputNames, inputs, graph.OutputNames, outputs);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            // Disposing waits for a running callback, so after it the flag can be reset for the cache's next step.
            registration.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                runOptions.Terminate = false;
            }
        }
    }

    /// <summary>Copies (int64) or narrows (int32) caller ids into the native buffer and wraps it.</summary>
    private static OrtValue Integers(TypedInput input, NativeBuffer buffer, ReadOnlySpan<long> values, long[] shape)
    {
        long bytes;
        if (input.ElementType == TensorElementType.Int64)
        {
            bytes = values.Length * 8L;
            buffer.EnsureCapacity(bytes);
            values.CopyTo(buffer.AsSpan<long>(values.Length));
        }
        else
        {
            bytes = values.Length * 4L;
            buffer.EnsureCapacity(bytes);
            try
            {
                TensorPrimitives.ConvertChecked<long, int>(values, buffer.AsSpan<int>(values.Length));
            }
            catch (OverflowException e)
            {
                throw new ArgumentOutOfRangeException($"'{input.Name}' is int32 in the graph and a value does not fit.", e);
            }
        }

        return buffer.View(input.ElementType, shape, bytes);
    }

    private static ReadOnlySpan<float> Logits(StepScratch scratch, TensorElementType type, int batch, int kept, int vocab, bool lastOnly)
    {
        var gather = lastOnly && kept > 1;
        var rows = gather ? batch : batch * kept;
        if (type == TensorElementType.Float && !gather)
        {
            return scratch.RawLogits.AsSpan<float>((long)rows * vocab);
        }

        scratch.Logits.EnsureCapacity((long)rows * vocab * 4);
        var target = scratch.Logits.AsSpan<float>((long)rows * vocab);
        if (!gather)
        {
            TensorPrimitives.ConvertToSingle(scratch.RawLogits.AsSpan<Half>((long)rows * vocab), target);
            return target;
        }

        for (var b = 0; b < batch; b++)
        {
            var sourceOffset = (((long)b * kept) + kept - 1) * vocab;
            var row = target.Slice(b * vocab, vocab);
            if (type == TensorElementType.Float)
            {
                scratch.RawLogits.AsSpan<float>(sourceOffset + vocab).Slice((int)sourceOffset, vocab).CopyTo(row);
            }
            else
            {
                TensorPrimitives.ConvertToSingle(scratch.RawLogits.AsSpan<Half>(sourceOffset + vocab).Slice((int)sourceOffset, vocab), row);
            }
        }

        return target;
    }
}
