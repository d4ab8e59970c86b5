namespace Sharpformers.Tokenization;

/// <summary>
/// The result of encoding one text (or text pair), as HF <c>tokenizers</c>' <c>Encoding</c>: parallel lists with one entry
/// per token. <see cref="Offsets"/> are <b>UTF-16 char</b> ranges <c>[Start, End)</c> into the original string passed to
/// <c>Encode</c> (Python reports code-point offsets; they differ only after characters outside the BMP, such as emoji);
/// special tokens added by the post-processor and padding have <c>(0, 0)</c>.
/// </summary>
public sealed class Encoding
{
    internal Encoding(List<int> ids, List<int> typeIds, List<string> tokens, List<(int Start, int End)> offsets, List<int> specialTokensMask, List<int> attentionMask)
    {
        IdList = ids;
        TypeIdList = typeIds;
        TokenList = tokens;
        OffsetList = offsets;
        SpecialList = specialTokensMask;
        AttentionList = attentionMask;
    }

    /// <summary>Token ids.</summary>
    public IReadOnlyList<int> Ids => IdList;

    /// <summary>Token strings as the vocabulary spells them (e.g. <c>Ġworld</c>, <c>▁world</c>, <c>##ing</c>).</summary>
    public IReadOnlyList<string> Tokens => TokenList;

    /// <summary>1 for real tokens, 0 for padding.</summary>
    public IReadOnlyList<int> AttentionMask => AttentionList;

    /// <summary>Segment ids (0 for the first sequence, usually 1 for the second of a pair).</summary>
    public IReadOnlyList<int> TypeIds => TypeIdList;

    /// <summary>UTF-16 <c>(Start, End)</c> of each token in the original string (see the type remarks).</summary>
    public IReadOnlyList<(int Start, int End)> Offsets => OffsetList;

    /// <summary>1 for special tokens added by the post-processor (and padding), 0 for tokens of the text.</summary>
    public IReadOnlyList<int> SpecialTokensMask => SpecialList;

    /// <summary>The pieces cut off by truncation, each a complete encoding (with <c>stride</c> tokens of overlap).</summary>
    public IReadOnlyList<Encoding> Overflowing => OverflowList;

    /// <summary>Number of tokens.</summary>
    public int Length => IdList.Count;

    internal List<int> IdList { get; private set; }

    internal List<int> TypeIdList { get; private set; }

    internal List<string> TokenList { get; private set; }

    internal List<(int Start, int End)> OffsetList { get; private set; }

    internal List<int> SpecialList { get; private set; }

    internal List<int> AttentionList { get; private set; }

    internal List<Encoding> OverflowList { get; set; } = [];

    internal static Encoding Empty() => new([], [], [], [], [], []);

    /// <summary>An empty encoding whose lists hold <paramref name="capacity"/> tokens without growing.</summary>
    internal static Encoding Empty(int capacity) => new(
        new List<int>(capacity), new List<int>(capacity), new List<string>(capacity),
        new List<(int Start, int End)>(capacity), new List<int>(capacity), new List<int>(capacity));

    internal Encoding Slice(int start, int end) => new(
        IdList.GetRange(start, end - start),
        TypeIdList.GetRange(start, end - start),
        TokenList.GetRange(start, end - start),
        OffsetList.GetRange(start, end - start),
        SpecialList.GetRange(start, end - start),
        AttentionList.GetRange(start, end - start));

    internal void Add(int id, int typeId, string token, (int Start, int End) offset, int special, int attention = 1)
    {
        IdList.Add(id);
        TypeIdList.Add(typeId);
        TokenList.Add(token);
        OffsetList.Add(offset);
        SpecialList.Add(special);
        AttentionList.Add(attention);
    }

    internal void Append(Encoding other)
    {
        IdList.AddRange(other.IdList);
        TypeIdList.AddRange(other.TypeIdList);
        TokenList.AddRange(other.TokenList);
        OffsetList.AddRange(other.OffsetList);
        SpecialList.AddRange(other.SpecialList);
        AttentionList.AddRange(other.AttentionList);
    }

    internal void SetTypeIds(int typeId)
    {
        for (var i = 0; i < TypeIdList.Count; i++)
        {
            TypeIdList[i] = typeId;
        }
    }

    /// <summary>HF <c>Encoding::truncate</c>: keeps <paramref name="maxLength"/> tokens, the rest become overflowing pieces.</summary>
    internal void Truncate(int maxLength, int stride, bool fromLeft)
    {
        var length = IdList.Count;
        if (maxLength >= length)
        {
            return;
        }

        if (maxLength == 0)
        {
            var all = Slice(0, length);
            Replace(Empty());
            OverflowList = [all];
            return;
        }

        if (stride >= maxLength)
        {
            throw new ArgumentException($"stride ({stride}) must be strictly less than the truncation length ({maxLength}, after removing the special tokens)", nameof(stride));
        }

        var step = maxLength - stride;
        var ranges = new List<(int Start, int Stop)>();
        if (!fromLeft)
        {
            for (var start = 0; start < length; start += step)
            {
                var stop = Math.Min(start + maxLength, length);
                ranges.Add((start, stop));
                if (stop == length)
                {
                    break;
                }
            }
        }
        else
        {
            for (var s = length - 1; s >= 0; s -= step)
            {
                var stop = s + 1;
                var start = Math.Max(0, stop - maxLength);
                ranges.Add((start, stop));
                if (start == 0)
                {
                    break;
                }
            }
        }

        var overflow = new List<Encoding>();
        for (var i = 1; i < ranges.Count; i++)
        {
            overflow.Add(Slice(ranges[i].Start, ranges[i].Stop));
        }

        Replace(Slice(ranges[0].Start, ranges[0].Stop));
        OverflowList = overflow;
    }

    /// <summary>HF <c>Encoding::pad</c> (also pads the overflowing pieces).</summary>
    internal void Pad(int targetLength, int padId, int padTypeId, string padToken, bool left)
    {
        foreach (var o in OverflowList)
        {
            o.Pad(targetLength, padId, padTypeId, padToken, left);
        }

        var missing = targetLength - IdList.Count;
        if (missing <= 0)
        {
            return;
        }

        var at = left ? 0 : IdList.Count;
        IdList.InsertRange(at, Enumerable.Repeat(padId, missing));
        TypeIdList.InsertRange(at, Enumerable.Repeat(padTypeId, missing));
        TokenList.InsertRange(at, Enumerable.Repeat(padToken, missing));
        OffsetList.InsertRange(at, Enumerable.Repeat((0, 0), missing));
        SpecialList.InsertRange(at, Enumerable.Repeat(1, missing));
        AttentionList.InsertRange(at, Enumerable.Repeat(0, missing));
    }

    private void Replace(Encoding other)
    {
        IdList = other.IdList;
        TypeIdList = other.TypeIdList;
        TokenList = other.TokenList;
        OffsetList = other.OffsetList;
        SpecialList = other.SpecialList;
        AttentionList = other.AttentionList;
    }
}
