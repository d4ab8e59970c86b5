using System.Text.Json;
using Sharpformers.Models;
using Sharpformers.TestSupport;

namespace Sharpformers.Generation.Tests.Fixtures;

/// <summary>The cases of the fixtures' <c>expected/generation-*.json</c> files (outputs of independent implementations).</summary>
public static class ExpectedGenerationCases
{
    public static readonly string[] Files = ["generation-tiny-random-gpt2.json", "generation-tiny-random-llama-fp16.json"];

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        // The case names are fixed by the fixture files; listing them keeps the theory discoverable without the files.
        data.Add("generation-tiny-random-gpt2.json", "greedy-batch2");
        data.Add("generation-tiny-random-gpt2.json", "beam4-batch3");
        data.Add("generation-tiny-random-llama-fp16.json", "greedy-vietnamese-prompt");
        data.Add("generation-tiny-random-llama-fp16.json", "greedy-short");
        return data;
    }

    public static Case Load(string file, string name)
    {
        var path = Sharpformers.TestSupport.Fixtures.Require("expected", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        foreach (var item in root.GetProperty("cases").EnumerateArray())
        {
            if (item.GetProperty("name").GetString() != name)
            {
                continue;
            }

            var generation = item.GetProperty("generation");
            var config = new GenerationConfig
            {
                MaxLength = generation.GetProperty("max_length").GetInt32(),
                DoSample = generation.GetProperty("do_sample").GetBoolean(),
                NumBeams = generation.GetProperty("num_beams").GetInt32(),
                EosTokenId = [root.GetProperty("eos_token_id").GetInt32()],
                PadTokenId = root.TryGetProperty("pad_token_id", out var pad) ? pad.GetInt32() : null,
            };
            if (generation.TryGetProperty("length_penalty", out var lp))
            {
                config.LengthPenalty = lp.GetSingle();
            }

            if (generation.TryGetProperty("early_stopping", out var es))
            {
                config.EarlyStopping = es.ValueKind == JsonValueKind.True ? EarlyStopping.AsSoonAsPossible : es.ValueKind == JsonValueKind.False ? EarlyStopping.Heuristic : EarlyStopping.Never;
            }

            if (generation.TryGetProperty("num_return_sequences", out var nrs))
            {
                config.NumReturnSequences = nrs.GetInt32();
            }

            return new Case(
                Sharpformers.TestSupport.Fixtures.Require(root.GetProperty("model").GetString()!.Split('/')),
                Rows(item.GetProperty("input_ids")),
                config,
                Rows(item.GetProperty("output_ids")));
        }

        throw new InvalidOperationException($"case {name} not found in {file}");
    }

    private static long[][] Rows(JsonElement array)
    {
        var rows = new List<long[]>();
        foreach (var row in array.EnumerateArray())
        {
            var ids = new List<long>();
            foreach (var id in row.EnumerateArray())
            {
                ids.Add(id.GetInt64());
            }

            rows.Add([.. ids]);
        }

        return [.. rows];
    }

    public sealed record Case(string ModelPath, long[][] InputIds, GenerationConfig Config, long[][] OutputIds);
}
