using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Sharpformers.Generation.Decoding;
using Sharpformers.Models;

namespace Sharpformers.Generation.Batching;

/// <summary>
/// Finds out once per model whether its graph takes several new tokens over a non-empty past, which chunked prefill needs.
/// Optimum-style exports (and the test-model builder's genai layout) do. Graphs from onnxruntime-genai's model builder
/// that run <c>MultiHeadAttention</c> behind an <c>attn_mask_reformat</c> subgraph do not: that subgraph builds the
/// causal mask as <c>[S, S]</c> (S = new tokens) and expands it to <c>[B, 1, S, past + S]</c>, a broadcast that ONNX
/// allows only when S is 1 (a decode step) or the past is empty (a whole prompt), so S &gt; 1 over a past fails with
/// "invalid expand shape" whatever the inputs. No input layout can work around it; such models prefill whole.
/// </summary>
internal static class ChunkedPrefillProbe
{
    /// <summary>
    /// Forwards a small left-padded batch of two prompts once whole and once in two-column chunks into a second cache, and
    /// compares the last position's logits: the graph supports chunking when the chunked run succeeds and agrees (same
    /// argmax per row, every logit within 0.02 + 2 % of the whole run's: fp16 graphs reduce in another order).
    /// </summary>
    /// <param name="model">The model to probe.</param>
    /// <param name="logger">Receives why chunking is off (Information) or that it is on (Debug).</param>
    /// <param name="cancellationToken">Stops the probe forwards.</param>
    /// <returns>Whether chunked prefill gives the whole prefill's logits on this model.</returns>
    /// <remarks>
    /// Only ONNX Runtime refusing the chunked run counts as "not supported"; any other failure (a disposed model, a bug in
    /// the probe's inputs) propagates, so it is not mistaken for a property of the graph.
    /// </remarks>
    public static bool Supports(CausalLanguageModel model, ILogger logger, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(model.ModelDirectory));
        var vocab = model.VocabSize;
        long Token(int i) => 3 + (i % Math.Max(1, vocab - 3));
        var prompt = PromptBatch.Create([[Token(1), Token(5), Token(2), Token(7), Token(4)], [Token(6), Token(3), Token(8)]], null, 0);
        var positions = prompt.PositionIds();
        // The whole prompt is what every prefill does without chunking: a failure there is not about chunking, so it propagates.
        float[] whole;
        using (var cache = model.CreateCache(prompt.Rows))
        {
            whole = PromptColumns.Forward(model, cache, prompt, positions, 0, prompt.Width, cancellationToken).ToArray();
        }

        try
        {
            using var chunked = model.CreateCache(prompt.Rows);
            var logits = ReadOnlySpan<float>.Empty;
            for (var start = 0; start < prompt.Width; start += 2)
            {
                logits = PromptColumns.Forward(model, chunked, prompt, positions, start, Math.Min(prompt.Width, start + 2), cancellationToken);
            }

            if (!Agree(whole, logits, prompt.Rows, vocab))
            {
                logger.LogInformation("Chunked prefill is off for '{Model}': a prompt forwarded in chunks gives other last logits than forwarded whole; prompts are prefilled whole", name);
                return false;
            }

            logger.LogDebug("Chunked prefill is on for '{Model}': a prompt forwarded in chunks gives the whole prompt's last logits", name);
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            // The graph refuses several new tokens over a past (e.g. "invalid expand shape" in attn_mask_reformat). A
            // cancelled run surfaces as OperationCanceledException (DecoderStep), so it is not caught here.
            logger.LogInformation("Chunked prefill is off for '{Model}': ONNX Runtime refused several new tokens over a past ({Reason}); prompts are prefilled whole", name, e.Message);
            return false;
        }
    }

    private static bool Agree(ReadOnlySpan<float> whole, ReadOnlySpan<float> chunked, int rows, int vocab)
    {
        if (whole.Length != chunked.Length)
        {
            return false;
        }

        for (var r = 0; r < rows; r++)
        {
            var a = whole.Slice(r * vocab, vocab);
            var b = chunked.Slice(r * vocab, vocab);
            var bestA = 0;
            var bestB = 0;
            for (var v = 0; v < vocab; v++)
            {
                if (!float.IsFinite(b[v]) || Math.Abs(a[v] - b[v]) > 0.02f + (0.02f * Math.Abs(a[v])))
                {
                    return false;
                }

                bestA = a[v] > a[bestA] ? v : bestA;
                bestB = b[v] > b[bestB] ? v : bestB;
            }

            if (bestA != bestB)
            {
                return false;
            }
        }

        return true;
    }
}
