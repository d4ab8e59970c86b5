using System.Collections.Concurrent;

namespace Sharpformers.Tokenization.Models;

/// <summary>A bounded, thread-safe cache of word → tokens (HF caches BPE/Unigram words the same way).</summary>
internal sealed class WordCache<T>(int capacity = 100_000, int maxKeyLength = 256)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> map = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T? value) => map.TryGetValue(key, out value);

    /// <summary>Looks a word up by its chars (no string made for the key).</summary>
    public bool TryGet(ReadOnlySpan<char> key, out T? value) => map.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out value);

    public void Add(string key, T value)
    {
        if (key.Length < maxKeyLength && map.Count < capacity)
        {
            map.TryAdd(key, value);
        }
    }
}
