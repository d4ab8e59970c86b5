using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>An independent reference: one plain ONNX Runtime run of a single unpadded row, and hand-written pooling.</summary>
internal static class PlainOrt
{
    /// <summary>Runs one row and returns the named (or first) output as floats with its shape.</summary>
    public static (float[] Values, int[] Shape) Run(string onnxFile, IReadOnlyList<long> ids, IReadOnlyList<long>? typeIds = null, string? output = null)
    {
        using var session = new InferenceSession(onnxFile);
        var n = ids.Count;
        var inputs = new List<NamedOnnxValue>();
        foreach (var name in session.InputMetadata.Keys)
        {
            var tensor = new DenseTensor<long>([1, n]);
            for (var i = 0; i < n; i++)
            {
                tensor[0, i] = name switch
                {
                    "input_ids" => ids[i],
                    "attention_mask" => 1,
                    "token_type_ids" => typeIds?[i] ?? 0,
                    _ => throw new InvalidOperationException($"unexpected input {name}"),
                };
            }

            inputs.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
        }

        using var results = session.Run(inputs);
        var result = output is null ? results.First() : results.First(r => r.Name == output);
        var t = result.AsTensor<float>();
        return (t.ToArray(), t.Dimensions.ToArray());
    }

    /// <summary>Mean of the token vectors of one row, then L2-normalised (sentence-transformers' mean pooling + Normalize).</summary>
    public static float[] MeanPoolNormalized(float[] states, int tokens, int hidden)
    {
        var v = new double[hidden];
        for (var t = 0; t < tokens; t++)
        {
            for (var h = 0; h < hidden; h++)
            {
                v[h] += states[(t * hidden) + h];
            }
        }

        var norm = Math.Sqrt(v.Sum(x => (x / tokens) * (x / tokens)));
        return v.Select(x => (float)(x / tokens / norm)).ToArray();
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>HF tokenizers' ids (Rust, through Tokenizers.DotNet) with the padding of the file's settings removed.</summary>
    public static long[] HfIds(string tokenizerJson, string text, int padId = 0)
    {
        using var hf = new Tokenizers.DotNet.Tokenizer(vocabPath: tokenizerJson);
        var ids = hf.Encode(text).Select(i => (long)i).ToList();
        while (ids.Count > 0 && ids[^1] == padId)
        {
            ids.RemoveAt(ids.Count - 1);
        }

        return [.. ids];
    }
}
