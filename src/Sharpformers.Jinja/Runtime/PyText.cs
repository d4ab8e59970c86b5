using System.Globalization;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// Python <c>str</c> semantics over .NET strings: lengths and indices count code points (not UTF-16 units),
/// whitespace is Python's <c>str.isspace</c>.
/// </summary>
internal static class PyText
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\x1c' && c <= '\x1f');

    public static bool IsLineBreak(char c) =>
        c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    public static bool IsPrintable(int codePoint)
    {
        if (codePoint == ' ')
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static bool HasSurrogates(string s)
    {
        foreach (var c in s)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The string as a list of code-point strings (what iterating a Python str yields).</summary>
    public static List<string> CodePoints(string s)
    {
        var result = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(s[i].ToString());
            }
        }

        return result;
    }

    public static int Length(string s) => HasSurrogates(s) ? CodePoints(s).Count : s.Length;

    /// <summary>Python <c>s[index]</c> with negative indices; null when out of range.</summary>
    public static string? At(string s, long index)
    {
        if (!HasSurrogates(s))
        {
            if (index < 0)
            {
                index += s.Length;
            }

            return index >= 0 && index < s.Length ? s[(int)index].ToString() : null;
        }

        var points = CodePoints(s);
        if (index < 0)
        {
            index += points.Count;
        }

        return index >= 0 && index < points.Count ? points[(int)index] : null;
    }

    public static string Slice(string s, long? start, long? stop, long? step)
    {
        if (!HasSurrogates(s) && (step ?? 1) == 1)
        {
            var (from, to) = PySlice.Bounds(s.Length, start, stop);
            return to > from ? s[from..to] : "";
        }

        var points = CodePoints(s);
        var builder = new StringBuilder();
        foreach (var index in PySlice.Indices(points.Count, start, stop, step))
        {
            builder.Append(points[index]);
        }

        return builder.ToString();
    }

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && Matches(s[start], chars))
            {
                start++;
            }
        }

        if (right)
        {
            while (end > start && Matches(s[end - 1], chars))
            {
                end--;
            }
        }

        return s[start..end];
    }

    private static bool Matches(char c, string? chars) => chars is null ? IsSpace(c) : chars.Contains(c);

    /// <summary>Python <c>str.split(sep, maxsplit)</c>.</summary>
    public static List<object?> Split(string s, string? separator, long maxSplit)
    {
        var result = new List<object?>();
        if (separator is null)
        {
            var i = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i]))
                {
                    i++;
                }

                if (i >= s.Length)
                {
                    break;
                }

                if (maxSplit >= 0 && result.Count >= maxSplit)
                {
                    result.Add(Strip(s[i..], null, false, true));
                    break;
                }

                var start = i;
                while (i < s.Length && !IsSpace(s[i]))
                {
                    i++;
                }

                result.Add(s[start..i]);
            }

            return result;
        }

        if (separator.Length == 0)
        {
            throw new PyException("empty separator", "ValueError");
        }

        var position = 0;
        while (maxSplit < 0 || result.Count < maxSplit)
        {
            var found = s.IndexOf(separator, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            result.Add(s[position..found]);
            position = found + separator.Length;
        }

        result.Add(s[position..]);
        return result;
    }

    /// <summary>Python <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static List<object?> RSplit(string s, string? separator, long maxSplit)
    {
        if (maxSplit < 0)
        {
            return Split(s, separator, -1);
        }

        var parts = new List<object?>();
        if (separator is null)
        {
            var end = s.Length;
            while (true)
            {
                while (end > 0 && IsSpace(s[end - 1]))
                {
                    end--;
                }

                if (end == 0)
                {
                    break;
                }

                if (parts.Count >= maxSplit)
                {
                    parts.Add(Strip(s[..end], null, true, false));
                    break;
                }

                var start = end;
                while (start > 0 && !IsSpace(s[start - 1]))
                {
                    start--;
                }

                parts.Add(s[start..end]);
                end = start;
            }
        }
        else
        {
            var end = s.Length;
            while (parts.Count < maxSplit)
            {
                var found = end == 0 ? -1 : s.LastIndexOf(separator, end - 1, StringComparison.Ordinal);
                if (found < 0 || found + separator.Length > end)
                {
                    break;
                }

                parts.Add(s[(found + separator.Length)..end]);
                end = found;
            }

            parts.Add(s[..end]);
        }

        parts.Reverse();
        return parts;
    }

    /// <summary>Python <c>str.splitlines(keepends)</c>.</summary>
    public static List<object?> SplitLines(string s, bool keepEnds = false)
    {
        var result = new List<object?>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (!IsLineBreak(s[i]))
            {
                i++;
                continue;
            }

            var breakLength = s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
            result.Add(keepEnds ? s[start..(i + breakLength)] : s[start..i]);
            i += breakLength;
            start = i;
        }

        if (start < s.Length)
        {
            result.Add(s[start..]);
        }

        return result;
    }

    public static string Upper(string s) => s.ToUpperInvariant().Replace("ß", "SS", StringComparison.Ordinal);

    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>Python <c>str.capitalize()</c>: first character upper-cased, the rest lower-cased.</summary>
    public static string Capitalize(string s) =>
        s.Length == 0 ? s : Upper(s[..1]) + Lower(s[1..]);

    /// <summary>Python <c>str.title()</c>: a letter after a non-letter is upper-cased, others lower-cased.</summary>
    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter;
            builder.Append(cased ? (previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
            previousCased = cased;
        }

        return builder.ToString();
    }

    /// <summary>Python <c>str.count(sub)</c> (non-overlapping occurrences).</summary>
    public static long Count(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return Length(s) + 1;
        }

        long count = 0;
        var position = 0;
        while ((position = s.IndexOf(sub, position, StringComparison.Ordinal)) >= 0)
        {
            count++;
            position += sub.Length;
        }

        return count;
    }

    /// <summary>Converts a UTF-16 index to a code-point index.</summary>
    public static long CodePointIndex(string s, int utf16Index)
    {
        if (utf16Index < 0)
        {
            return -1;
        }

        long count = 0;
        for (var i = 0; i < utf16Index; i++)
        {
            if (!(char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1])))
            {
                count++;
            }
        }

        return count;
    }
}
