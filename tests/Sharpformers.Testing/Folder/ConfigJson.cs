using System.Text.Json.Nodes;
using Sharpformers.Testing.Models;

namespace Sharpformers.Testing.Folder;

/// <summary><c>config.json</c> in the transformers names of each family.</summary>
internal static class ConfigJson
{
    /// <summary>The document for <paramref name="options"/>.</summary>
    public static JsonObject Create(TestModelOptions options)
    {
        var bos = ModelVocabulary.BosTokenId(options.Family);
        var eos = ModelVocabulary.EosTokenId(options.Family);
        var dtype = options.Precision == TensorPrecision.Float16 ? "float16" : "float32";
        return options.Family == ModelFamily.Gpt2
            ? new JsonObject
            {
                ["architectures"] = new JsonArray("GPT2LMHeadModel"),
                ["model_type"] = "gpt2",
                ["vocab_size"] = options.VocabSize,
                ["n_embd"] = options.HiddenSize,
                ["n_layer"] = options.NumLayers,
                ["n_head"] = options.NumHeads,
                ["n_inner"] = options.ResolvedIntermediateSize,
                ["n_positions"] = options.MaxPositions,
                ["n_ctx"] = options.MaxPositions,
                ["activation_function"] = "gelu_new",
                ["layer_norm_epsilon"] = options.NormEpsilon,
                ["scale_attn_weights"] = true,
                ["tie_word_embeddings"] = true,
                ["bos_token_id"] = bos,
                ["eos_token_id"] = eos,
                ["use_cache"] = true,
                ["torch_dtype"] = dtype,
            }
            : new JsonObject
            {
                ["architectures"] = new JsonArray("LlamaForCausalLM"),
                ["model_type"] = "llama",
                ["vocab_size"] = options.VocabSize,
                ["hidden_size"] = options.HiddenSize,
                ["intermediate_size"] = options.ResolvedIntermediateSize,
                ["num_hidden_layers"] = options.NumLayers,
                ["num_attention_heads"] = options.NumHeads,
                ["num_key_value_heads"] = options.NumKeyValueHeads,
                ["head_dim"] = options.HeadDim,
                ["max_position_embeddings"] = options.MaxPositions,
                ["hidden_act"] = "silu",
                ["rms_norm_eps"] = options.NormEpsilon,
                ["rope_theta"] = options.RopeTheta,
                ["attention_bias"] = false,
                ["mlp_bias"] = false,
                ["tie_word_embeddings"] = false,
                ["bos_token_id"] = bos,
                ["eos_token_id"] = eos,
                ["use_cache"] = true,
                ["torch_dtype"] = dtype,
            };
    }
}
