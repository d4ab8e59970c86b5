using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Replaces every match of a literal or regex by <c>content</c> (HF <c>Replace</c>).</summary>
internal sealed class ReplaceNormalizer(SplitPattern pattern, string content) : INormalizer
{
    public SplitPattern Pattern { get; } = pattern;

    public string Content { get; } = content;

    public void Normalize(NormalizedString text) => Apply(text, Pattern, Content);

    public static void Apply(NormalizedString text, SplitPattern pattern, string content)
    {
        if (pattern.LiteralText is { Length: 1 } literal)
        {
            text.Replace(literal[0], content);
            return;
        }

        var matches = new List<(int Start, int End, bool IsMatch)>();
        pattern.FindMatches(text.Text, matches);
        var ranges = new List<(int Start, int End)>();
        foreach (var (s, e, m) in matches)
        {
            if (m)
            {
                ranges.Add((s, e));
            }
        }

        text.ReplaceRanges(ranges, content);
    }

    /// <summary>Applies the replacement to a plain string (used by the Replace decoder).</summary>
    public static string ApplyTo(string value, SplitPattern pattern, string content)
    {
        if (pattern.LiteralText is { } literal)
        {
            return value.Replace(literal, content, StringComparison.Ordinal);
        }

        var matches = new List<(int Start, int End, bool IsMatch)>();
        pattern.FindMatches(value, matches);
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var (s, e, m) in matches)
        {
            if (m)
            {
                sb.Append(content);
            }
            else
            {
                sb.Append(value, s, e - s);
            }
        }

        return sb.ToString();
    }
}
