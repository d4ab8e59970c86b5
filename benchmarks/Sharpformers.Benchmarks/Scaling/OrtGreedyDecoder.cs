using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// Greedy decoding of an Optimum-layout decoder with ONNX Runtime directly: present outputs become the next step's
/// past without copies, left-padding-free batches, argmax in C#. This is the loop Sharpformers' model runner
/// wraps; swap in <c>AutoModelForCausalLM</c> here once it lands.
/// </summary>
internal sealed class OrtGreedyDecoder : IDisposable
{
    private readonly InferenceSession session;
    private readonly string[] outputNames;
    private readonly int layers;
    private readonly int kvHeads;
    private readonly int headDim;
    private readonly int vocab;
    private OrtValue[] past = [];
    private long[] nextTokens = [];
    private int batch;
    private int length;

    public OrtGreedyDecoder(string folder, int layers, int kvHeads, int headDim, int vocab)
    {
        session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        outputNames = [.. session.OutputMetadata.Keys];
        (this.layers, this.kvHeads, this.headDim, this.vocab) = (layers, kvHeads, headDim, vocab);
    }

    /// <summary>Runs the prompt ([batch, seq] row-major) and picks each row's first new token.</summary>
    public void Prefill(long[] prompt, int batchSize)
    {
        DisposePast();
        batch = batchSize;
        var seq = prompt.Length / batchSize;
        past = new OrtValue[2 * layers];
        for (var i = 0; i < past.Length; i++)
        {
            past[i] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [batch, kvHeads, 0, headDim]);
        }

        var positions = new long[prompt.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i % seq;
        }

        length = 0;
        Run(prompt, positions, seq);
    }

    /// <summary>Feeds the last picked tokens and picks the next ones.</summary>
    public void Step()
    {
        var positions = new long[batch];
        Array.Fill(positions, length);
        Run(nextTokens, positions, 1);
    }

    public void Dispose()
    {
        DisposePast();
        session.Dispose();
    }

    private void Run(long[] ids, long[] positions, int seq)
    {
        var total = length + seq;
        var mask = new long[batch * total];
        Array.Fill(mask, 1L);
        var names = new string[3 + past.Length];
        var values = new OrtValue[names.Length];
        names[0] = "input_ids";
        values[0] = OrtValue.CreateTensorValueFromMemory(ids, [batch, seq]);
        names[1] = "attention_mask";
        values[1] = OrtValue.CreateTensorValueFromMemory(mask, [batch, total]);
        names[2] = "position_ids";
        values[2] = OrtValue.CreateTensorValueFromMemory(positions, [batch, seq]);
        for (var i = 0; i < layers; i++)
        {
            names[3 + (2 * i)] = $"past_key_values.{i}.key";
            names[4 + (2 * i)] = $"past_key_values.{i}.value";
            values[3 + (2 * i)] = past[2 * i];
            values[4 + (2 * i)] = past[(2 * i) + 1];
        }

        using var runOptions = new RunOptions();
        var outputs = session.Run(runOptions, names, values, outputNames);
        for (var i = 0; i < 3; i++)
        {
            values[i].Dispose();
        }

        DisposePast();
        using (var logits = outputs[0])
        {
            var data = logits.GetTensorDataAsSpan<float>();
            nextTokens = new long[batch];
            for (var b = 0; b < batch; b++)
            {
                nextTokens[b] = TensorPrimitives.IndexOfMax(data.Slice((((b * seq) + seq - 1) * vocab), vocab));
            }
        }

        past = new OrtValue[2 * layers];
        for (var i = 0; i < past.Length; i++)
        {
            past[i] = outputs[1 + i];
        }

        length = total;
    }

    private void DisposePast()
    {
        foreach (var value in past)
        {
            value.Dispose();
        }

        past = [];
    }
}
