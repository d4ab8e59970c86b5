using Microsoft.ML.OnnxRuntime;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Tests.Decoding;

/// <summary>
/// Runs a generated model folder with ONNX Runtime directly, hiding the layout: picks the session (split pair),
/// feeds <c>use_cache_branch</c> (merged), converts ids to int32 and stacks the cache (genai), and converts float16
/// to float. Written for the tests only, from the layout descriptions in docs/test-models.md.
/// </summary>
internal sealed class DecoderRunner : IDisposable
{
    private readonly TestModelOptions options;
    private readonly InferenceSession main;
    private readonly InferenceSession? withoutPast;

    public DecoderRunner(string folder, TestModelOptions options)
    {
        this.options = options;
        (main, withoutPast) = options.Layout switch
        {
            ExportLayout.Optimum or ExportLayout.Genai => (Open(folder, "model.onnx"), null),
            ExportLayout.Merged => (Open(folder, "decoder_model_merged.onnx"), null),
            ExportLayout.Split => (Open(folder, "decoder_with_past_model.onnx"), Open(folder, "decoder_model.onnx")),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
    }

    public InferenceSession MainSession => main;

    /// <summary>Logits [batch, seq, vocab] and the present cache for ids/positions [batch, seq] and mask [batch, past+seq].</summary>
    public (float[] Logits, KeyValueCache Present) Run(long[] ids, long[] mask, long[] positions, int batch, KeyValueCache? past)
    {
        var seq = ids.Length / batch;
        var total = mask.Length / batch;
        var pastLength = past?.Length ?? 0;
        Assert.Equal(pastLength + seq, total);
        var session = past is null && withoutPast is not null ? withoutPast : main;
        var genai = options.Layout == ExportLayout.Genai;
        var half = options.Precision == TensorPrecision.Float16;
        int layers = options.NumLayers, kv = options.NumKeyValueHeads, d = options.HeadDim;

        var inputs = new Dictionary<string, OrtValue>();
        try
        {
            inputs["input_ids"] = Ids(ids, [batch, seq], genai);
            inputs["attention_mask"] = Ids(mask, [batch, total], genai);
            inputs["position_ids"] = Ids(positions, [batch, seq], genai);
            if (options.Layout == ExportLayout.Merged)
            {
                inputs["use_cache_branch"] = OrtValue.CreateTensorValueFromMemory(new[] { past is not null }, [1]);
            }

            if (session.InputMetadata.ContainsKey("past_key_values.0.key") || genai)
            {
                var empty = new float[0];
                for (var i = 0; i < layers; i++)
                {
                    var key = past?.Keys[i] ?? empty;
                    var value = past?.Values[i] ?? empty;
                    if (genai)
                    {
                        inputs[$"past_{i}"] = FloatValue([.. key, .. value], [2, batch, kv, pastLength, d], half);
                    }
                    else
                    {
                        inputs[$"past_key_values.{i}.key"] = FloatValue(key, [batch, kv, pastLength, d], half);
                        inputs[$"past_key_values.{i}.value"] = FloatValue(value, [batch, kv, pastLength, d], half);
                    }
                }
            }

            var outputNames = session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs, outputNames);
            var byName = outputNames.Zip(outputs).ToDictionary(pair => pair.First, pair => pair.Second);
            var logits = ReadFloats(byName["logits"], half);
            var keys = new float[layers][];
            var values = new float[layers][];
            for (var i = 0; i < layers; i++)
            {
                if (genai)
                {
                    var both = ReadFloats(byName[$"present_{i}"], half);
                    keys[i] = both[..(both.Length / 2)];
                    values[i] = both[(both.Length / 2)..];
                }
                else
                {
                    keys[i] = ReadFloats(byName[$"present.{i}.key"], half);
                    values[i] = ReadFloats(byName[$"present.{i}.value"], half);
                }
            }

            return (logits, new KeyValueCache(keys, values, total));
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        main.Dispose();
        withoutPast?.Dispose();
    }

    private static InferenceSession Open(string folder, string file)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(Path.Combine(folder, file), sessionOptions);
    }

    private static OrtValue Ids(long[] values, long[] shape, bool int32) => int32
        ? OrtValue.CreateTensorValueFromMemory(values.Select(v => checked((int)v)).ToArray(), shape)
        : OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape);

    private static OrtValue FloatValue(float[] values, long[] shape, bool half) => half
        ? OrtValue.CreateTensorValueFromMemory(values.Select(v => (Float16)v).ToArray(), shape)
        : OrtValue.CreateTensorValueFromMemory(values.ToArray(), shape);

    private static float[] ReadFloats(OrtValue value, bool half)
    {
        if (!half)
        {
            return value.GetTensorDataAsSpan<float>().ToArray();
        }

        var span = value.GetTensorDataAsSpan<Float16>();
        var result = new float[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            result[i] = (float)span[i];
        }

        return result;
    }
}
