using System.Globalization;
using Sharpformers.Generation.Constraints.Automata;

namespace Sharpformers.Generation.Constraints.Regex;

/// <summary>
/// Parses the common regular-expression syntax (the subset shared by Python <c>re</c>, ECMAScript and .NET) into a
/// <see cref="RegexNode"/>: literals, <c>.</c>, classes with ranges and negation, <c>\d \w \s</c> and their negations,
/// groups (capturing, <c>(?:</c>, named), alternation, greedy or lazy quantifiers. The whole text must match:
/// a leading <c>^</c> and trailing <c>$</c> are accepted and change nothing. Anything else (look-around,
/// back-references, <c>\b</c>, inline flags) is rejected with the position.
/// </summary>
internal sealed class RegexParser
{
    private const int MaxRepeat = 10_000;
    private static readonly CharSet Digit = CharSet.Range('0', '9');
    private static readonly CharSet Word = CharSet.Of([('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]);
    private static readonly CharSet Space = CharSet.Of([('\t', '\r'), (' ', ' ')]);
    private static readonly CharSet Dot = CharSet.Single('\n').Negate();

    private readonly string _pattern;
    private int _at;

    private RegexParser(string pattern) => _pattern = pattern;

    public static RegexNode Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern;
        if (text.StartsWith('^'))
        {
            text = text[1..];
        }

        if (text.EndsWith('$') && !text.EndsWith("\\$", StringComparison.Ordinal))
        {
            text = text[..^1];
        }

        var parser = new RegexParser(text);
        var node = parser.ParseAlternation();
        if (parser._at < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._at]}'");
        }

        return node;
    }

    private ArgumentException Error(string message) =>
        new($"invalid or unsupported regular expression '{_pattern}' at position {_at}: {message}", "pattern");

    private bool More => _at < _pattern.Length;

    private char Peek => _pattern[_at];

    private RegexNode ParseAlternation()
    {
        var alternatives = new List<RegexNode> { ParseConcat() };
        while (More && Peek == '|')
        {
            _at++;
            alternatives.Add(ParseConcat());
        }

        return alternatives.Count == 1 ? alternatives[0] : new AlternationNode(alternatives);
    }

    private RegexNode ParseConcat()
    {
        var parts = new List<RegexNode>();
        while (More && Peek != '|' && Peek != ')')
        {
            parts.Add(ParseQuantified());
        }

        return parts.Count switch
        {
            0 => new EmptyNode(),
            1 => parts[0],
            _ => new ConcatNode(parts),
        };
    }

    private RegexNode ParseQuantified()
    {
        var atom = ParseAtom();
        while (More)
        {
            int min;
            int? max;
            switch (Peek)
            {
                case '*':
                    (min, max) = (0, null);
                    _at++;
                    break;
                case '+':
                    (min, max) = (1, null);
                    _at++;
                    break;
                case '?':
                    (min, max) = (0, 1);
                    _at++;
                    break;
                case '{' when TryParseBraces(out min, out max):
                    break;
                default:
                    return atom;
            }

            if (More && (Peek == '?' || Peek == '+'))
            {
                _at++; // lazy or possessive: the set of matched texts is the same
            }

            atom = new RepeatNode(atom, min, max);
        }

        return atom;
    }

    private bool TryParseBraces(out int min, out int? max)
    {
        min = 0;
        max = null;
        var close = _pattern.IndexOf('}', _at);
        if (close < 0)
        {
            return false;
        }

        var body = _pattern[(_at + 1)..close];
        var comma = body.IndexOf(',');
        var minText = comma < 0 ? body : body[..comma];
        if (!int.TryParse(minText, NumberStyles.None, CultureInfo.InvariantCulture, out min))
        {
            return false;
        }

        if (comma < 0)
        {
            max = min;
        }
        else if (comma < body.Length - 1)
        {
            if (!int.TryParse(body[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            {
                return false;
            }

            max = m;
        }

        if (min > MaxRepeat || max > MaxRepeat || max < min)
        {
            throw Error($"repetition {{{body}}} is invalid or larger than {MaxRepeat}");
        }

        _at = close + 1;
        return true;
    }

    private RegexNode ParseAtom()
    {
        var c = Peek;
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                return new CharNode(ParseClass());
            case '.':
                _at++;
                return new CharNode(Dot);
            case '\\':
                _at++;
                return new CharNode(ParseEscape(inClass: false));
            case '*' or '+' or '?':
                throw Error("nothing to repeat");
            case '^' or '$':
                throw Error("anchors are only supported at the start and end of the pattern");
            default:
                var rune = char.ConvertToUtf32(_pattern, _at);
                _at += char.IsSurrogatePair(_pattern, _at) ? 2 : 1;
                return new CharNode(CharSet.Single(rune));
        }
    }

    private RegexNode ParseGroup()
    {
        _at++;
        if (More && Peek == '?')
        {
            if (_at + 1 < _pattern.Length && _pattern[_at + 1] == ':')
            {
                _at += 2;
            }
            else if (_pattern.AsSpan(_at).StartsWith("?<") && _at + 2 < _pattern.Length && _pattern[_at + 2] is not ('=' or '!'))
            {
                _at = _pattern.IndexOf('>', _at) + 1;
            }
            else if (_pattern.AsSpan(_at).StartsWith("?P<"))
            {
                _at = _pattern.IndexOf('>', _at) + 1;
            }
            else
            {
                throw Error("look-around, inline flags and other (? groups are not supported");
            }

            if (_at <= 0)
            {
                throw Error("unterminated group name");
            }
        }

        var inner = ParseAlternation();
        if (!More || Peek != ')')
        {
            throw Error("missing ')'");
        }

        _at++;
        return inner;
    }

    private CharSet ParseClass()
    {
        _at++;
        var negate = false;
        if (More && Peek == '^')
        {
            negate = true;
            _at++;
        }

        var set = CharSet.Of([]);
        var first = true;
        while (true)
        {
            if (!More)
            {
                throw Error("missing ']'");
            }

            if (Peek == ']' && !first)
            {
                _at++;
                break;
            }

            first = false;
            var low = ParseClassAtom(out var lowSet);
            if (lowSet is not null)
            {
                set = set.Union(lowSet);
                continue;
            }

            if (_at + 1 < _pattern.Length && Peek == '-' && _pattern[_at + 1] != ']')
            {
                _at++;
                var high = ParseClassAtom(out var highSet);
                if (highSet is not null || high < low)
                {
                    throw Error("invalid class range");
                }

                set = set.Union(CharSet.Range(low, high));
            }
            else
            {
                set = set.Union(CharSet.Single(low));
            }
        }

        return negate ? set.Negate() : set;
    }

    private int ParseClassAtom(out CharSet? set)
    {
        set = null;
        if (Peek == '\\')
        {
            _at++;
            var escaped = ParseEscape(inClass: true);
            if (escaped.Ranges.Count == 1 && escaped.Ranges[0].Low == escaped.Ranges[0].High)
            {
                return escaped.Ranges[0].Low;
            }

            set = escaped;
            return 0;
        }

        var rune = char.ConvertToUtf32(_pattern, _at);
        _at += char.IsSurrogatePair(_pattern, _at) ? 2 : 1;
        return rune;
    }

    private CharSet ParseEscape(bool inClass)
    {
        if (!More)
        {
            throw Error("trailing backslash");
        }

        var c = _pattern[_at++];
        switch (c)
        {
            case 'd': return Digit;
            case 'D': return Digit.Negate();
            case 'w': return Word;
            case 'W': return Word.Negate();
            case 's': return Space;
            case 'S': return Space.Negate();
            case 'n': return CharSet.Single('\n');
            case 'r': return CharSet.Single('\r');
            case 't': return CharSet.Single('\t');
            case 'f': return CharSet.Single('\f');
            case 'v': return CharSet.Single('\v');
            case '0': return CharSet.Single(0);
            case 'b' when inClass: return CharSet.Single('\b');
            case 'x': return CharSet.Single(ParseHex(2));
            case 'u': return CharSet.Single(ParseHex(4));
            default:
                if (char.IsLetterOrDigit(c))
                {
                    throw Error($"escape \\{c} is not supported");
                }

                return CharSet.Single(c);
        }
    }

    private int ParseHex(int digits)
    {
        if (_at + digits > _pattern.Length
            || !int.TryParse(_pattern.AsSpan(_at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"expected {digits} hex digits");
        }

        _at += digits;
        return value;
    }
}
