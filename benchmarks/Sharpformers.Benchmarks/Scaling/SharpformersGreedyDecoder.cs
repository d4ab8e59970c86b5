using System.Numerics.Tensors;
using Sharpformers.Models;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// Greedy decoding with the Sharpformers model path: <see cref="AutoModelForCausalLM.FromPretrained(string, ModelOptions?)"/>,
/// a <see cref="KvCache"/> and <see cref="CausalLanguageModel.Forward"/> one step at a time (argmax of the last logits), which
/// is the loop <c>Generate</c> runs for greedy search without its logits processors, so that each step can be timed alone.
/// </summary>
internal sealed class SharpformersGreedyDecoder : IDisposable
{
    private readonly CausalLanguageModel model;
    private KvCache? cache;
    private long[] nextTokens = [];
    private long[] mask = [];
    private long[] positions = [];
    private int batch;

    /// <param name="folder">The model folder.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads, or <see langword="null"/> for its default pool.</param>
    /// <param name="sessionConfig">Extra session config entries (key, value), e.g. <c>session.intra_op.allow_spinning = 0</c>.</param>
    public SharpformersGreedyDecoder(string folder, int? intraOpThreads = null, IReadOnlyList<KeyValuePair<string, string>>? sessionConfig = null) =>
        model = AutoModelForCausalLM.FromPretrained(folder, new ModelOptions
        {
            IntraOpNumThreads = intraOpThreads,
            ConfigureSessionOptions = sessionConfig is { Count: > 0 }
                ? session =>
                {
                    foreach (var (key, value) in sessionConfig)
                    {
                        session.AddSessionConfigEntry(key, value);
                    }
                }
                : null,
        });

    /// <summary>The tokens picked since the last prefill, one array (one token per row) per prefill or step.</summary>
    public List<long[]> Picked { get; } = [];

    /// <summary>Starts a cache for <paramref name="batchSize"/> rows, runs the prompt ([batch, seq] row-major) and picks each row's first new token.</summary>
    public void Prefill(long[] prompt, int batchSize, int maxLength)
    {
        cache?.Dispose();
        Picked.Clear();
        batch = batchSize;
        var seq = prompt.Length / batchSize;
        cache = model.CreateCache(batchSize);
        mask = new long[batchSize * maxLength];
        Array.Fill(mask, 1L);
        positions = new long[prompt.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i % seq;
        }

        Pick(model.Forward(cache, prompt, mask.AsSpan(0, batchSize * seq), positions));
        positions = new long[batchSize];
    }

    /// <summary>Feeds the last picked tokens (one per row) and picks the next ones.</summary>
    public void Step()
    {
        var past = cache!.SequenceLength;
        Array.Fill(positions, past);
        Pick(model.Forward(cache, nextTokens, mask.AsSpan(0, batch * (past + 1)), positions));
    }

    public void Dispose()
    {
        cache?.Dispose();
        model.Dispose();
    }

    private void Pick(ReadOnlySpan<float> logits)
    {
        var vocab = logits.Length / batch;
        nextTokens = new long[batch];
        for (var row = 0; row < batch; row++)
        {
            nextTokens[row] = TensorPrimitives.IndexOfMax(logits.Slice(row * vocab, vocab));
        }

        Picked.Add(nextTokens);
    }
}
