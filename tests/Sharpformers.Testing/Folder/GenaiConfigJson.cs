using System.Text.Json.Nodes;
using Sharpformers.Testing.Layouts;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Folder;

/// <summary>
/// onnxruntime-genai's <c>genai_config.json</c>. The combined-cache layout is declared as model type <c>gpt2</c>
/// (genai's only model class with a combined cache) and the separate-cache layouts as <c>llama</c> (its generic
/// decoder-only class), whatever the family: the type selects genai's runner, not the architecture.
/// </summary>
internal static class GenaiConfigJson
{
    /// <summary>The document for <paramref name="options"/>.</summary>
    public static JsonObject Create(TestModelOptions options)
    {
        var combined = options.Layout == ExportLayout.Genai;
        var inputs = new JsonObject
        {
            ["input_ids"] = IoNames.InputIds,
            ["attention_mask"] = IoNames.AttentionMask,
            ["position_ids"] = IoNames.PositionIds,
        };
        var outputs = new JsonObject { ["logits"] = IoNames.Logits };
        if (combined)
        {
            inputs["past_names"] = "past_%d";
            outputs["present_names"] = "present_%d";
        }
        else
        {
            inputs["past_key_names"] = "past_key_values.%d.key";
            inputs["past_value_names"] = "past_key_values.%d.value";
            outputs["present_key_names"] = "present.%d.key";
            outputs["present_value_names"] = "present.%d.value";
        }

        var eos = ModelVocabulary.EosTokenId(options.Family);
        return new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["type"] = combined ? "gpt2" : "llama",
                ["bos_token_id"] = ModelVocabulary.BosTokenId(options.Family),
                ["eos_token_id"] = eos,
                ["pad_token_id"] = eos,
                ["vocab_size"] = options.VocabSize,
                ["context_length"] = options.MaxPositions,
                ["decoder"] = new JsonObject
                {
                    ["session_options"] = new JsonObject { ["log_id"] = "onnxruntime-genai", ["provider_options"] = new JsonArray() },
                    ["filename"] = LayoutFiles.PrimaryDecoder(options.Layout),
                    ["head_size"] = options.HeadDim,
                    ["hidden_size"] = options.HiddenSize,
                    ["num_attention_heads"] = options.NumHeads,
                    ["num_key_value_heads"] = options.NumKeyValueHeads,
                    ["num_hidden_layers"] = options.NumLayers,
                    ["inputs"] = inputs,
                    ["outputs"] = outputs,
                },
            },
            ["search"] = new JsonObject
            {
                ["do_sample"] = false,
                ["max_length"] = options.MaxPositions,
                ["num_beams"] = 1,
                ["num_return_sequences"] = 1,
                ["past_present_share_buffer"] = false,
            },
        };
    }
}
