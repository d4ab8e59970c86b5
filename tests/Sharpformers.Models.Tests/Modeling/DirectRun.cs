using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models.Tests.Modeling;

/// <summary>
/// A hand-written, cache-free <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// of a fixture graph over a whole sequence, written from the fixture's documented I/O (PROVENANCE.md), independent of the library's graph reader.
/// </summary>
internal static class DirectRun
{
    /// <summary>tiny-random-gpt2 (past.onnx): int32 ids/positions/mask, past_0..4 float [2, B, 4, 0, 8]; returns float logits [B, n, 1000].</summary>
    public static float[] Gpt2(string folder, int[][] ids, int[][] mask, int[][] positions)
    {
        using var session = new InferenceSession(Path.Combine(folder, "past.onnx"));
        var batch = ids.Length;
        var n = ids[0].Length;
        var names = new List<string> { "input_ids", "position_ids", "attention_mask" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids.SelectMany(r => r).ToArray(), [batch, n]),
            OrtValue.CreateTensorValueFromMemory(positions.SelectMany(r => r).ToArray(), [batch, n]),
            OrtValue.CreateTensorValueFromMemory(mask.SelectMany(r => r).ToArray(), [batch, n]),
        };
        for (var layer = 0; layer < 5; layer++)
        {
            names.Add($"past_{layer}");
            values.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [2, batch, 4, 0, 8]));
        }

        try
        {
            using var outputs = session.Run(new RunOptions(), names, values, ["logits"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    /// <summary>tiny-random-llama-fp16 (model.onnx): int64 ids/mask/positions, past_key_values.{0,1}.{key,value} float16 [B, 1, 0, 16]; logits float16 converted to float.</summary>
    public static float[] LlamaFp16(string folder, long[][] ids, long[][] mask, long[][] positions)
    {
        using var session = new InferenceSession(Path.Combine(folder, "model.onnx"));
        var batch = ids.Length;
        var n = ids[0].Length;
        var names = new List<string> { "input_ids", "attention_mask", "position_ids" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids.SelectMany(r => r).ToArray(), [batch, n]),
            OrtValue.CreateTensorValueFromMemory(mask.SelectMany(r => r).ToArray(), [batch, n]),
            OrtValue.CreateTensorValueFromMemory(positions.SelectMany(r => r).ToArray(), [batch, n]),
        };
        for (var layer = 0; layer < 2; layer++)
        {
            foreach (var kind in new[] { "key", "value" })
            {
                names.Add($"past_key_values.{layer}.{kind}");
                values.Add(OrtValue.CreateTensorValueFromMemory(Array.Empty<Float16>(), [batch, 1, 0, 16]));
            }
        }

        try
        {
            using var outputs = session.Run(new RunOptions(), names, values, ["logits"]);
            return outputs[0].GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h).ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }
}
