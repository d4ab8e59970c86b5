using System.Text;
using System.Text.RegularExpressions;

namespace Sharpformers.Hub;

/// <summary>
/// huggingface_hub's <c>allow_patterns</c> / <c>ignore_patterns</c>: fnmatch globs (<c>*</c> also crosses <c>/</c>, <c>?</c>,
/// <c>[seq]</c>, <c>[!seq]</c>), case-sensitive; a pattern ending in <c>/</c> matches everything below; <c>\</c> counts as <c>/</c>.
/// A path is kept when it matches any allow pattern (if any are given) and no ignore pattern.
/// </summary>
internal sealed class PatternFilter
{
    private readonly Regex[]? _allow;
    private readonly Regex[] _ignore;

    public PatternFilter(IReadOnlyList<string>? allowPatterns, IReadOnlyList<string>? ignorePatterns)
    {
        _allow = allowPatterns is null ? null : [.. allowPatterns.Select(Compile)];
        _ignore = ignorePatterns is null ? [] : [.. ignorePatterns.Select(Compile)];
    }

    public bool Includes(string path)
    {
        var normalized = path.Replace('\\', '/');
        return (_allow is null || _allow.Any(r => r.IsMatch(normalized))) && !_ignore.Any(r => r.IsMatch(normalized));
    }

    /// <summary>Translates one fnmatch pattern to an anchored regular expression.</summary>
    internal static Regex Compile(string pattern)
    {
        pattern = pattern.Replace('\\', '/');
        if (pattern.EndsWith('/'))
        {
            pattern += "*";
        }

        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var start = i + 1;
                    if (start < pattern.Length && pattern[start] == '!')
                    {
                        start++;
                    }

                    if (start < pattern.Length && pattern[start] == ']')
                    {
                        start++;
                    }

                    var close = pattern.IndexOf(']', Math.Min(start, pattern.Length));
                    if (close < 0)
                    {
                        regex.Append("\\[");
                        break;
                    }

                    var body = pattern[(i + 1)..close];
                    regex.Append('[').Append(body.StartsWith('!') ? "^" + Escape(body[1..]) : Escape(body)).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static string Escape(string setBody) => setBody.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("^", "\\^", StringComparison.Ordinal)
        .Replace("[", "\\[", StringComparison.Ordinal);
}
