using System.Globalization;
using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>
/// SentencePiece's compiled normalization rules (<c>precompiled_charsmap</c>): a darts-clone double-array trie over UTF-8
/// plus a blob of NUL-terminated replacements. Each grapheme (under 6 UTF-8 bytes) is looked up whole, otherwise each
/// char on its own; the shortest matching prefix decides the replacement, exactly as HF's <c>spm_precompiled</c>.
/// </summary>
internal sealed class PrecompiledNormalizer : INormalizer
{
    private readonly uint[] trie;
    private readonly byte[] normalized;

    public PrecompiledNormalizer(byte[] charsmap)
    {
        if (charsmap.Length == 0)
        {
            trie = [];
            normalized = [];
            return;
        }

        if (charsmap.Length < 4)
        {
            throw new FormatException("precompiled_charsmap is shorter than its 4-byte header");
        }

        var trieSize = (int)BitConverter.ToUInt32(charsmap, 0);
        if (trieSize < 0 || 4 + trieSize > charsmap.Length || trieSize % 4 != 0)
        {
            throw new FormatException($"precompiled_charsmap announces a trie of {trieSize} bytes but holds {charsmap.Length - 4}");
        }

        trie = new uint[trieSize / 4];
        Buffer.BlockCopy(charsmap, 4, trie, 0, trieSize);
        normalized = charsmap[(4 + trieSize)..];
    }

    public void Normalize(NormalizedString text)
    {
        if (trie.Length == 0 || text.IsEmpty)
        {
            return;
        }

        var s = text.Text;
        var b = text.CreateBuilder();
        var modified = false;
        Span<byte> buffer = stackalloc byte[64];
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            var start = e.ElementIndex;
            var element = (string)e.Current;
            var end = start + element.Length;
            var byteCount = System.Text.Encoding.UTF8.GetByteCount(element);
            if (byteCount < 6)
            {
                var n = System.Text.Encoding.UTF8.GetBytes(element, buffer);
                var replacement = Transform(buffer[..n]);
                if (replacement is not null)
                {
                    modified = true;
                    AppendReplacement(b, replacement, start, end);
                    continue;
                }
            }

            for (var i = start; i < end;)
            {
                var width = char.IsHighSurrogate(s[i]) && i + 1 < end ? 2 : 1;
                var n = System.Text.Encoding.UTF8.GetBytes(s.AsSpan(i, width), buffer);
                var replacement = Transform(buffer[..n]);
                if (replacement is not null)
                {
                    modified = true;
                    AppendReplacement(b, replacement, i, i + width);
                }
                else
                {
                    b.AppendRange(i, i + width);
                }

                i += width;
            }
        }

        if (modified)
        {
            text.Apply(b);
        }
    }

    private static void AppendReplacement(NormalizedBuilder b, string replacement, int start, int end)
    {
        for (var k = 0; k < replacement.Length; k++)
        {
            b.AppendSpan(replacement[k], start, end);
        }
    }

    private string? Transform(ReadOnlySpan<byte> key)
    {
        var index = FirstPrefixMatch(key);
        if (index < 0)
        {
            return null;
        }

        var end = index;
        while (end < normalized.Length && normalized[end] != 0)
        {
            end++;
        }

        return System.Text.Encoding.UTF8.GetString(normalized, index, end - index);
    }

    /// <summary>The value of the shortest key in the trie that prefixes <paramref name="key"/>, or -1.</summary>
    private int FirstPrefixMatch(ReadOnlySpan<byte> key)
    {
        uint nodePos = 0;
        var unit = trie[nodePos];
        nodePos ^= Offset(unit);
        foreach (var c in key)
        {
            if (c == 0)
            {
                break;
            }

            nodePos ^= c;
            if (nodePos >= trie.Length)
            {
                return -1;
            }

            unit = trie[nodePos];
            if ((unit & ((1u << 31) | 0xFF)) != c)
            {
                return -1;
            }

            nodePos ^= Offset(unit);
            if (((unit >> 8) & 1) == 1)
            {
                return nodePos < trie.Length ? (int)(trie[nodePos] & ((1u << 31) - 1)) : -1;
            }
        }

        return -1;
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
