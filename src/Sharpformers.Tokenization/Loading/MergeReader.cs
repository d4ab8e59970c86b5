using System.Runtime.CompilerServices;
using System.Text.Json;
using Sharpformers.Tokenization.Models;

namespace Sharpformers.Tokenization.Loading;

/// <summary>Streams a <c>merges</c> array ("left right" strings or [left, right] pairs) from its UTF-8 text into a <see cref="BpeMergeTable"/>.</summary>
internal static class MergeReader
{
    /// <summary>
    /// Ranks every merge: from the raw UTF-8 through <paramref name="index"/> when that resolves the parts and the merged
    /// token, else by the decoded chars through the table.
    /// </summary>
    /// <returns>-1, or the index of the first merge that is neither a "left right" string nor a pair of strings (nothing
    /// after it is read; the caller reports it with its JSON path).</returns>
    /// <exception cref="BpeMergeException">a part or the merged token is not in the vocabulary.</exception>
    /// <remarks>Fully optimised from the first call: it runs once per load, over tens of thousands of merges.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ReadAll(ReadOnlySpan<byte> utf8, BpeMergeTable table, Utf8TokenIndex index, ReadOnlySpan<byte> prefix)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        var left = new char[64];
        var right = new char[64];
        var position = 0;
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var raw = reader.ValueSpan;
                var space = raw.IndexOf((byte)' ');
                if (space < 0 || !TryAddRaw(table, index, raw[..space], raw[(space + 1)..], prefix))
                {
                    if (!table.TryAddSpaceSeparated(Chars(ref reader, ref left)))
                    {
                        return position;
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                var first = reader.ValueSpan;
                var firstChars = reader.ValueIsEscaped ? Chars(ref reader, ref left) : default;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return position;
                }

                var second = reader.ValueSpan;
                var secondChars = reader.ValueIsEscaped ? Chars(ref reader, ref right) : default;
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                {
                    return position;
                }

                if (!TryAddRaw(table, index, first, second, prefix))
                {
                    table.Add(
                        firstChars.IsEmpty ? Decode(first, ref left) : firstChars,
                        secondChars.IsEmpty ? Decode(second, ref right) : secondChars);
                }
            }
            else
            {
                return position;
            }

            position++;
        }

        return -1;
    }

    /// <summary>
    /// Adds a merge found by its parts' JSON text, or returns false (nothing added) when a part has an escape, a part or
    /// the merged token is not found that way, or <paramref name="right"/> does not start with the continuing-subword
    /// prefix (the char path then decides).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryAddRaw(BpeMergeTable table, Utf8TokenIndex index, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, ReadOnlySpan<byte> prefix)
    {
        if (left.Contains((byte)'\\') || right.Contains((byte)'\\') || !right.StartsWith(prefix))
        {
            return false;
        }

        var leftId = index.Find(left);
        var rightId = leftId < 0 ? -1 : index.Find(right);
        var newId = rightId < 0 ? -1 : index.Find(left, right[prefix.Length..]);
        if (newId < 0)
        {
            return false;
        }

        table.AddResolved(leftId, rightId, newId);
        return true;
    }

    /// <summary>The current string token's value as chars in <paramref name="buffer"/> (grown when too small), unescaped.</summary>
    private static ReadOnlySpan<char> Chars(ref Utf8JsonReader reader, ref char[] buffer)
    {
        if (!reader.ValueIsEscaped)
        {
            return Decode(reader.ValueSpan, ref buffer);
        }

        Grow(ref buffer, reader.ValueSpan.Length);
        return buffer.AsSpan(0, reader.CopyString(buffer));
    }

    /// <summary>Unescaped UTF-8 (validated by the reader) as chars in <paramref name="buffer"/> (grown when too small).</summary>
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] buffer)
    {
        Grow(ref buffer, utf8.Length);
        return buffer.AsSpan(0, System.Text.Encoding.UTF8.GetChars(utf8, buffer));
    }

    private static void Grow(ref char[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new char[Math.Max(length, buffer.Length * 2)];
        }
    }
}
