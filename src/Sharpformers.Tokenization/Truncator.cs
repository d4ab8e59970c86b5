namespace Sharpformers.Tokenization;

/// <summary>HF <c>truncate_encodings</c>: longest-first for pairs (HF's closed form), or only the first / second sequence.</summary>
internal static class Truncator
{
    public static void Truncate(Encoding a, Encoding? b, TruncationSettings settings)
    {
        var max = settings.MaxLength;
        if (max == 0)
        {
            a.Truncate(0, settings.Stride, settings.FromLeft);
            b?.Truncate(0, settings.Stride, settings.FromLeft);
            return;
        }

        var total = a.Length + (b?.Length ?? 0);
        if (total <= max)
        {
            return;
        }

        var toRemove = total - max;
        if (settings.OnlyFirst || settings.OnlySecond)
        {
            var target = settings.OnlyFirst ? a : b ?? throw new ArgumentException("truncation only_second needs a second sequence");
            if (target.Length <= toRemove)
            {
                throw new ArgumentException($"the sequence to truncate has {target.Length} tokens, too few to remove {toRemove}");
            }

            target.Truncate(target.Length - toRemove, settings.Stride, settings.FromLeft);
            return;
        }

        if (b is null)
        {
            a.Truncate(max, settings.Stride, settings.FromLeft);
            return;
        }

        // Keep the shorter input whole when the longer one can absorb the cut; otherwise split max in halves.
        var n1 = a.Length;
        var n2 = b.Length;
        var swap = n1 > n2;
        if (swap)
        {
            (n1, n2) = (n2, n1);
        }

        n2 = n1 > max ? n1 : Math.Max(n1, max - n1);
        if (n1 + n2 > max)
        {
            n1 = max / 2;
            n2 = n1 + (max % 2);
        }

        if (swap)
        {
            (n1, n2) = (n2, n1);
        }

        a.Truncate(n1, settings.Stride, settings.FromLeft);
        b.Truncate(n2, settings.Stride, settings.FromLeft);
    }
}
