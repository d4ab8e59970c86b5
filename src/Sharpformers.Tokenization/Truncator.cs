namespace Sharpformers.Tokenization;

/// <summary>HF <c>truncate_encodings</c> with the longest-first strategy (or only the first / second sequence).</summary>
internal static class Truncator
{
    public static void Truncate(Encoding a, Encoding? b, TruncationSettings settings)
    {
        var max = settings.MaxLength;
        if (b is null)
        {
            a.Truncate(max, settings.Stride, settings.FromLeft);
            return;
        }

        var total = a.Length + b.Length;
        if (total <= max)
        {
            return;
        }

        if (settings.OnlyFirst || settings.OnlySecond)
        {
            var target = settings.OnlyFirst ? a : b;
            var other = settings.OnlyFirst ? b : a;
            if (other.Length >= max)
            {
                throw new ArgumentException($"the other sequence already has {other.Length} tokens, more than max_length {max}");
            }

            target.Truncate(max - other.Length, settings.Stride, settings.FromLeft);
            return;
        }

        // Longest first: take tokens off the longer sequence until both fit, the first one losing ties.
        var n1 = a.Length;
        var n2 = b.Length;
        while (n1 + n2 > max)
        {
            if (n1 >= n2)
            {
                n1--;
            }
            else
            {
                n2--;
            }
        }

        a.Truncate(n1, settings.Stride, settings.FromLeft);
        b.Truncate(n2, settings.Stride, settings.FromLeft);
    }
}
