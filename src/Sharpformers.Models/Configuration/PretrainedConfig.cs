using System.Text.Json;

namespace Sharpformers.Models;

/// <summary>
/// A model's <c>config.json</c>: the typed fields every causal language model needs, read with transformers'
/// per-family aliases (<c>n_embd</c> is <see cref="HiddenSize"/>, <c>n_layer</c> is <see cref="NumHiddenLayers"/>, ...),
/// and raw access to every field through <see cref="Raw"/> and the indexer.
/// </summary>
public sealed class PretrainedConfig
{
    private readonly JsonElement root;

    internal PretrainedConfig(JsonElement root, string? sourcePath)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{sourcePath ?? "config"}: expected a JSON object, found {root.ValueKind}.");
        }

        this.root = root.Clone();
        SourcePath = sourcePath;
        ModelType = ConfigFields.String(this.root, "model_type");
        Architectures = ConfigFields.StringList(this.root, "architectures");
        VocabSize = ConfigFields.Int(this.root, ConfigFieldAliases.VocabSize);
        HiddenSize = ConfigFields.Int(this.root, ConfigFieldAliases.HiddenSize);
        NumHiddenLayers = ConfigFields.Int(this.root, ConfigFieldAliases.NumHiddenLayers);
        NumAttentionHeads = ConfigFields.Int(this.root, ConfigFieldAliases.NumAttentionHeads);
        NumKeyValueHeads = ConfigFields.Int(this.root, ConfigFieldAliases.NumKeyValueHeads)
            ?? (ConfigFields.Bool(this.root, "multi_query") == true && ConfigFields.Bool(this.root, "new_decoder_architecture") != true ? 1 : NumAttentionHeads);
        HeadDim = ConfigFields.Int(this.root, ConfigFieldAliases.HeadDim)
            ?? (HiddenSize is int hidden && NumAttentionHeads is int heads && heads > 0 ? hidden / heads : null);
        MaxPositionEmbeddings = ConfigFields.Int(this.root, ConfigFieldAliases.MaxPositionEmbeddings);
        BosTokenId = ConfigFields.Int(this.root, ["bos_token_id"]);
        EosTokenId = ConfigFields.IntList(this.root, "eos_token_id");
        PadTokenId = ConfigFields.Int(this.root, ["pad_token_id"]);
    }

    /// <summary>The file the configuration was read from, when it came from a file.</summary>
    public string? SourcePath { get; }

    /// <summary><c>model_type</c>, for example <c>llama</c> or <c>gpt2</c>.</summary>
    public string? ModelType { get; }

    /// <summary><c>architectures</c>, for example <c>LlamaForCausalLM</c>; empty when absent.</summary>
    public IReadOnlyList<string> Architectures { get; }

    /// <summary><c>vocab_size</c>.</summary>
    public int? VocabSize { get; }

    /// <summary><c>hidden_size</c> (also <c>n_embd</c>, <c>d_model</c>).</summary>
    public int? HiddenSize { get; }

    /// <summary><c>num_hidden_layers</c> (also <c>n_layer</c>, <c>num_layers</c>).</summary>
    public int? NumHiddenLayers { get; }

    /// <summary><c>num_attention_heads</c> (also <c>n_head</c>, <c>num_heads</c>).</summary>
    public int? NumAttentionHeads { get; }

    /// <summary><c>num_key_value_heads</c> (also <c>num_kv_heads</c>; 1 for multi-query models; else the attention heads).</summary>
    public int? NumKeyValueHeads { get; }

    /// <summary><c>head_dim</c>, or <see cref="HiddenSize"/> / <see cref="NumAttentionHeads"/> when absent.</summary>
    public int? HeadDim { get; }

    /// <summary><c>max_position_embeddings</c> (also <c>n_positions</c>, <c>max_seq_len</c>, <c>seq_length</c>).</summary>
    public int? MaxPositionEmbeddings { get; }

    /// <summary><c>bos_token_id</c>.</summary>
    public int? BosTokenId { get; }

    /// <summary><c>eos_token_id</c>, a single id or a list, always as a list.</summary>
    public IReadOnlyList<int>? EosTokenId { get; }

    /// <summary><c>pad_token_id</c>.</summary>
    public int? PadTokenId { get; }

    /// <summary>The whole JSON object, for fields without a typed property.</summary>
    public JsonElement Raw => root;

    /// <summary>A raw top-level field, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The JSON name, for example <c>rope_theta</c>.</param>
    public JsonElement? this[string name] => root.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Whether the top-level field is present.</summary>
    /// <param name="name">The JSON name.</param>
    /// <returns><see langword="true"/> when present (even if <c>null</c>).</returns>
    public bool Contains(string name) => root.TryGetProperty(name, out _);

    /// <summary>Parses a configuration from JSON text.</summary>
    /// <param name="json">The content of a <c>config.json</c>.</param>
    /// <returns>The configuration.</returns>
    public static PretrainedConfig Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return new PretrainedConfig(document.RootElement, null);
    }
}
