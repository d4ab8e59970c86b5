using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sharpformers.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Models;

/// <summary>
/// One decode step (past 16 → 17 positions, batch 1) on each fixture model: <see cref="CausalLanguageModel.Forward"/> with its
/// KvCache (then trimmed back to 16, so every iteration does the same work) against the straightforward peer, a plain
/// <see cref="InferenceSession"/> run that creates its inputs from managed arrays and lets ONNX Runtime allocate the outputs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class ForwardStepBenchmarks
{
    private const int Past = 16;
    private CausalLanguageModel model = null!;
    private KvCache cache = null!;
    private readonly long[] token = [42];
    private readonly long[] mask = Enumerable.Repeat(1L, Past + 1).ToArray();
    private readonly long[] position = [Past];

    private InferenceSession peerSession = null!;
    private List<string> peerInputNames = null!;
    private List<OrtValue> peerPast = null!;
    private string[] peerOutputNames = null!;
    private RunOptions peerRunOptions = null!;

    [Params("tiny-random-gpt2", "tiny-random-llama-fp16")]
    public string Model { get; set; } = "tiny-random-gpt2";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Fixtures.Root, "models", Model);
        model = AutoModelForCausalLM.FromPretrained(folder);
        cache = model.CreateCache(1);
        var prompt = Enumerable.Range(1, Past).Select(i => (long)i).ToArray();
        model.Forward(cache, prompt, Enumerable.Repeat(1L, Past).ToArray(), Enumerable.Range(0, Past).Select(i => (long)i).ToArray());

        // The peer: past tensors of 16 positions obtained from a prefill with ONNX Runtime-allocated outputs.
        peerSession = new InferenceSession(model.Files.Decoder);
        peerRunOptions = new RunOptions();
        var graph = model.Primary;
        peerInputNames = [.. graph.InputNames];
        peerOutputNames = graph.OutputNames;
        var prefillInputs = PeerInputs(graph, Past, prompt, Enumerable.Repeat(1L, Past).ToArray(), Enumerable.Range(0, Past).Select(i => (long)i).ToArray(), EmptyPasts());
        using var prefill = peerSession.Run(peerRunOptions, peerInputNames, prefillInputs, peerOutputNames);
        peerPast = [];
        foreach (var present in prefill.Skip(1))
        {
            var info = present.GetTensorTypeAndShape();
            var copy = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, info.Shape);
            present.GetTensorDataAsSpan<byte>().CopyTo(copy.GetTensorMutableDataAsSpan<byte>());
            peerPast.Add(copy);
        }

        prefillInputs.ForEach(v => v.Dispose());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        cache.Dispose();
        model.Dispose();
        peerPast.ForEach(v => v.Dispose());
        peerSession.Dispose();
        peerRunOptions.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain InferenceSession.Run")]
    public float PlainSessionRun()
    {
        var inputs = PeerInputs(model.Primary, 1, token, mask, position, peerPast);
        using var outputs = peerSession.Run(peerRunOptions, peerInputNames, inputs, peerOutputNames);
        var logits = outputs[0];
        var first = logits.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
            ? (float)logits.GetTensorDataAsSpan<Float16>()[0]
            : logits.GetTensorDataAsSpan<float>()[0];
        for (var i = 0; i < model.Primary.FirstPastInput; i++)
        {
            inputs[i]?.Dispose();
        }

        return first;
    }

    [Benchmark(Description = "CausalLanguageModel.Forward + KvCache")]
    public float CachedForward()
    {
        var logits = model.Forward(cache, token, mask, position);
        cache.Trim(Past);
        return logits[0];
    }

    private List<OrtValue> EmptyPasts()
    {
        var values = new List<OrtValue>();
        foreach (var slot in model.Slots)
        {
            var shape = new long[slot.Layout.Rank];
            slot.Layout.FillShape(shape, 1, 0);
            values.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, slot.ElementType, shape));
        }

        return values;
    }

    /// <summary>The inputs in the graph's feeding order: ids, mask, positions (as the graph's integer type), then the pasts.</summary>
    private static List<OrtValue> PeerInputs(DecoderGraph graph, int n, long[] ids, long[] mask, long[] positions, List<OrtValue> pasts)
    {
        var values = new OrtValue[graph.InputNames.Length];
        values[graph.InputIds.Index] = Integers(graph.InputIds.ElementType, ids, [1, n]);
        if (graph.AttentionMask is { } m)
        {
            values[m.Index] = Integers(m.ElementType, mask, [1, mask.Length]);
        }

        if (graph.PositionIds is { } p)
        {
            values[p.Index] = Integers(p.ElementType, positions, [1, n]);
        }

        for (var i = 0; i < pasts.Count; i++)
        {
            values[graph.FirstPastInput + i] = pasts[i];
        }

        return [.. values];
    }

    private static OrtValue Integers(TensorElementType type, long[] values, long[] shape) => type == TensorElementType.Int64
        ? OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape)
        : OrtValue.CreateTensorValueFromMemory(values.Select(v => (int)v).ToArray(), shape);
}
