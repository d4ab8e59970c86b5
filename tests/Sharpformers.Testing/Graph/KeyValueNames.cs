namespace Sharpformers.Testing.Graph;

/// <summary>The value names of one layer's key and value cache tensors.</summary>
/// <param name="Key">Name of the key tensor.</param>
/// <param name="Value">Name of the value tensor.</param>
internal readonly record struct KeyValueNames(string Key, string Value);
