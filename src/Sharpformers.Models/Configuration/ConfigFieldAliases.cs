namespace Sharpformers.Models;

/// <summary>
/// The names under which model families store the common configuration fields (transformers' <c>attribute_map</c>s),
/// in lookup order. Families differ here as data, not as classes.
/// </summary>
internal static class ConfigFieldAliases
{
    public static readonly string[] VocabSize = ["vocab_size", "padded_vocab_size"];
    public static readonly string[] HiddenSize = ["hidden_size", "n_embd", "d_model", "dim", "model_dim"];
    public static readonly string[] NumHiddenLayers = ["num_hidden_layers", "n_layer", "num_layers", "n_layers"];
    public static readonly string[] NumAttentionHeads = ["num_attention_heads", "n_head", "num_heads", "n_heads"];
    public static readonly string[] NumKeyValueHeads = ["num_key_value_heads", "num_kv_heads", "n_head_kv", "multi_query_group_num"];
    public static readonly string[] HeadDim = ["head_dim", "kv_channels"];
    public static readonly string[] MaxPositionEmbeddings = ["max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "n_ctx"];

    /// <summary>Sub-objects that hold the text decoder's fields in multimodal or composite configurations, looked at when the top level lacks a field.</summary>
    public static readonly string[] NestedTextConfigs = ["text_config", "decoder", "llm_config"];
}
