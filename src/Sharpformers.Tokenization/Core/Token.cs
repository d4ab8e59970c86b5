namespace Sharpformers.Tokenization.Core;

/// <summary>A token produced by a model: id, string value and (start, end) offsets in the piece it came from.</summary>
internal readonly record struct Token(int Id, string Value, int Start, int End);
