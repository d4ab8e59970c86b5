using Sharpformers.Hub;

namespace Sharpformers.Tokenization;

/// <summary>Options for <see cref="AutoTokenizer.FromPretrained"/>, overriding what tokenizer_config.json says.</summary>
public sealed class TokenizerOptions
{
    /// <summary>Default for <see cref="PretrainedTokenizer.Decode(ReadOnlySpan{int}, bool, bool?)"/>'s cleanup
    /// (transformers <c>clean_up_tokenization_spaces</c>); null keeps the config's value (false when absent).</summary>
    public bool? CleanUpTokenizationSpaces { get; set; }

    /// <summary>Overrides <c>model_max_length</c>.</summary>
    public int? ModelMaxLength { get; set; }

    /// <summary>Overrides <c>padding_side</c>.</summary>
    public PaddingSide? PaddingSide { get; set; }

    /// <summary>Hub endpoint, token, cache and offline settings used when the argument is a repo id; <see langword="null"/> reads the <c>HF_*</c> environment.</summary>
    public HubOptions? Hub { get; set; }

    /// <summary>The Hub revision (branch, tag or commit) when the argument is a repo id; default <c>main</c>.</summary>
    public string? Revision { get; set; }

    /// <summary>Receives download progress when the tokenizer files are fetched.</summary>
    public IProgress<DownloadProgress>? Progress { get; set; }
}

/// <summary>Which side padding (or truncation) is applied to.</summary>
public enum PaddingSide
{
    /// <summary>After the tokens (the default for encoders).</summary>
    Right,

    /// <summary>Before the tokens (what decoder-only generation needs).</summary>
    Left,
}

/// <summary>How <see cref="PretrainedTokenizer.EncodeBatch"/> pads (transformers <c>padding=</c>).</summary>
public enum PaddingStrategy
{
    /// <summary>No padding.</summary>
    None,

    /// <summary>Pad to the longest sequence of the batch (<c>padding="longest"</c> / <c>True</c>).</summary>
    Longest,

    /// <summary>Pad to <see cref="EncodeBatchOptions.MaxLength"/> or the model maximum (<c>padding="max_length"</c>).</summary>
    MaxLength,
}

/// <summary>Options of <see cref="PretrainedTokenizer.EncodeBatch"/>, named after transformers' <c>__call__</c> arguments.</summary>
public sealed class EncodeBatchOptions
{
    /// <summary>Add the model's special tokens (<c>add_special_tokens</c>, default true).</summary>
    public bool AddSpecialTokens { get; set; } = true;

    /// <summary>Padding strategy (default none).</summary>
    public PaddingStrategy Padding { get; set; } = PaddingStrategy.None;

    /// <summary>Padding side; null uses the tokenizer's <c>padding_side</c> (right unless configured).</summary>
    public PaddingSide? PaddingSide { get; set; }

    /// <summary>Round the padded length up to a multiple of this (<c>pad_to_multiple_of</c>).</summary>
    public int? PadToMultipleOf { get; set; }

    /// <summary>Truncate to <see cref="MaxLength"/> (or the model maximum) (<c>truncation=True</c>).</summary>
    public bool Truncation { get; set; }

    /// <summary>Length limit for truncation and <see cref="PaddingStrategy.MaxLength"/>; null means <c>model_max_length</c>.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Which sequence of a pair truncation cuts (<c>truncation="longest_first"</c>, <c>"only_first"</c>, <c>"only_second"</c>).</summary>
    public TruncationStrategy TruncationStrategy { get; set; } = TruncationStrategy.LongestFirst;

    /// <summary>Overlap between overflowing pieces (<c>stride</c>); pieces are in <see cref="Encoding.Overflowing"/>.</summary>
    public int Stride { get; set; }

    /// <summary>Cut tokens from the left instead of the right (<c>truncation_side="left"</c>).</summary>
    public PaddingSide TruncationSide { get; set; } = Sharpformers.Tokenization.PaddingSide.Right;

    /// <summary>Second sequences of text pairs (same count as the texts), or null.</summary>
    public IReadOnlyList<string>? Pairs { get; set; }
}

/// <summary>Which sequence of a pair truncation cuts (transformers' <c>TruncationStrategy</c>).</summary>
public enum TruncationStrategy
{
    /// <summary>Token by token from the longer sequence (<c>longest_first</c>, the default).</summary>
    LongestFirst,

    /// <summary>Only the first sequence (<c>only_first</c>).</summary>
    OnlyFirst,

    /// <summary>Only the second sequence (<c>only_second</c>), as question answering truncates the context.</summary>
    OnlySecond,
}
