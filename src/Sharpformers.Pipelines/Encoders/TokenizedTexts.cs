using System.Buffers;

namespace Sharpformers.Pipelines;

/// <summary>
/// The token ids of many texts (special tokens added, truncated on the right), kept end to end in one pooled buffer. Each text
/// goes through the tokenizer's ids-only fast path when it takes it (nothing allocated per text) and through the full encode
/// otherwise (in parallel, as <see cref="EncoderRunner.Encode"/>). Dispose to return the buffers.
/// </summary>
internal sealed class TokenizedTexts : IDisposable
{
    private int[] ids;
    private int[]? types;
    private int[] starts;
    private int[] lengths;
    private int used;

    private TokenizedTexts(int count, int capacity)
    {
        Count = count;
        ids = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 16));
        starts = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        lengths = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
    }

    /// <summary>The number of texts.</summary>
    public int Count { get; }

    /// <summary>Whether some text has a non-zero type id (otherwise all are 0 and <see cref="TypeIds"/> is empty).</summary>
    public bool HasTypeIds => types is not null;

    /// <summary>The token count of text <paramref name="index"/>.</summary>
    public int Length(int index) => lengths[index];

    /// <summary>The ids of text <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Ids(int index) => ids.AsSpan(starts[index], lengths[index]);

    /// <summary>The type ids of text <paramref name="index"/>, or empty when every type id is 0.</summary>
    public ReadOnlySpan<int> TypeIds(int index) => types is null ? default : types.AsSpan(starts[index], lengths[index]);

    /// <summary>Tokenizes <paramref name="texts"/>, each preceded by <paramref name="prompt"/> when given, to at most <paramref name="maxLength"/> tokens.</summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    public static TokenizedTexts Create(EncoderRunner runner, IReadOnlyList<string> texts, string? prompt, int maxLength)
    {
        var result = new TokenizedTexts(texts.Count, Math.Min(texts.Count * 32, 1 << 20) + maxLength);
        try
        {
            List<int>? slow = null;
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i] ?? throw new ArgumentException($"text {i} is null", nameof(texts));
                result.Reserve(maxLength);
                var fast = prompt is null
                    ? runner.Tokenizer.TryEncodeIds(text, result.ids.AsSpan(result.used, maxLength), out var written)
                    : runner.Tokenizer.TryEncodeIds(prompt + text, result.ids.AsSpan(result.used, maxLength), out written);
                if (fast)
                {
                    result.starts[i] = result.used;
                    result.lengths[i] = written;
                    result.used += written;
                }
                else
                {
                    (slow ??= []).Add(i);
                }
            }

            if (slow is not null)
            {
                result.AddEncoded(runner, texts, prompt, maxLength, slow);
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Returns the buffers to the pool.</summary>
    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(ids);
        ArrayPool<int>.Shared.Return(starts);
        ArrayPool<int>.Shared.Return(lengths);
        if (types is not null)
        {
            ArrayPool<int>.Shared.Return(types);
        }

        ids = starts = lengths = [];
        types = null;
    }

    private void AddEncoded(EncoderRunner runner, IReadOnlyList<string> texts, string? prompt, int maxLength, List<int> indices)
    {
        var strings = new string[indices.Count];
        for (var k = 0; k < strings.Length; k++)
        {
            strings[k] = prompt is null ? texts[indices[k]] : prompt + texts[indices[k]];
        }

        var encodings = runner.Encode(strings, maxLength: maxLength);
        for (var k = 0; k < strings.Length; k++)
        {
            var encoding = encodings[k];
            var n = encoding.Length;
            Reserve(n);
            var i = indices[k];
            starts[i] = used;
            lengths[i] = n;
            for (var t = 0; t < n; t++)
            {
                ids[used + t] = encoding.Ids[t];
                var type = encoding.TypeIds[t];
                if (type != 0 && types is null)
                {
                    types = ArrayPool<int>.Shared.Rent(ids.Length);
                    Array.Clear(types);
                }

                if (types is not null)
                {
                    types[used + t] = type;
                }
            }

            used += n;
        }
    }

    /// <summary>Makes room for <paramref name="count"/> more ids.</summary>
    private void Reserve(int count)
    {
        if (used + count <= ids.Length)
        {
            return;
        }

        var size = Math.Max(ids.Length * 2, used + count);
        ids = Grow(ids, size, used);
        if (types is not null)
        {
            types = Grow(types, size, used);
            types.AsSpan(used).Clear();
        }
    }

    private static int[] Grow(int[] buffer, int size, int used)
    {
        var larger = ArrayPool<int>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<int>.Shared.Return(buffer);
        return larger;
    }
}
