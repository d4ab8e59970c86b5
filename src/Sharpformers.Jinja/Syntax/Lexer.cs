using System.Globalization;
using System.Text;
using Sharpformers.Jinja.Runtime;

namespace Sharpformers.Jinja.Syntax;

/// <summary>
/// Splits a template into tokens the way Jinja2's lexer does with transformers' settings:
/// <c>trim_blocks=True</c> (one newline after a block or comment tag is dropped), <c>lstrip_blocks=True</c>
/// (spaces before a block or comment tag at the start of a line are dropped), <c>-</c>/<c>+</c> whitespace control.
/// </summary>
internal sealed class Lexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"];

    private readonly SourceText source;
    private readonly string text;
    private readonly List<Token> tokens = [];
    private int position;
    private bool lineStarting = true;

    public Lexer(SourceText source)
    {
        this.source = source;
        text = source.Text;
    }

    public List<Token> Tokenize()
    {
        while (position < text.Length)
        {
            var tagStart = NextTagStart(position);
            if (tagStart < 0)
            {
                tokens.Add(new Token(TokenKind.Data, text[position..], position));
                break;
            }

            var kind = text[tagStart + 1];
            var signAt = tagStart + 2;
            var sign = signAt < text.Length && text[signAt] is '-' or '+' ? text[signAt] : '\0';
            var data = ApplyLeftStrip(text[position..tagStart], sign, kind != '{');
            if (data.Length > 0)
            {
                tokens.Add(new Token(TokenKind.Data, data, position));
            }

            position = tagStart + 2 + (sign == '\0' ? 0 : 1);
            lineStarting = false;
            switch (kind)
            {
                case '#':
                    SkipComment(tagStart);
                    break;
                case '%' when TryRaw(tagStart):
                    break;
                case '%':
                    tokens.Add(new Token(TokenKind.BlockBegin, "{%", tagStart));
                    TokenizeTag(block: true, tagStart);
                    break;
                default:
                    tokens.Add(new Token(TokenKind.VariableBegin, "{{", tagStart));
                    TokenizeTag(block: false, tagStart);
                    break;
            }
        }

        tokens.Add(new Token(TokenKind.EndOfFile, "", text.Length));
        return tokens;
    }

    private int NextTagStart(int from)
    {
        var index = from;
        while ((index = text.IndexOf('{', index)) >= 0 && index + 1 < text.Length)
        {
            if (text[index + 1] is '{' or '%' or '#')
            {
                return index;
            }

            index++;
        }

        return -1;
    }

    /// <summary>Jinja2's OptionalLStrip: '-' strips all trailing whitespace, lstrip_blocks the indentation of a tag line.</summary>
    private string ApplyLeftStrip(string data, char sign, bool isBlockOrComment)
    {
        if (sign == '-')
        {
            return PyText.Strip(data, null, false, true);
        }

        if (sign == '+' || !isBlockOrComment)
        {
            return data;
        }

        var lineStart = data.LastIndexOf('\n') + 1;
        if ((lineStart > 0 || lineStarting) && lineStart < data.Length && data.AsSpan(lineStart).ToString().All(PyText.IsSpace))
        {
            return data[..lineStart];
        }

        return data;
    }

    /// <summary>Consumes the end of a block or comment tag: '-' eats all following whitespace, '+' nothing, else one newline.</summary>
    private void ConsumeBlockEnd(char sign)
    {
        if (sign == '-')
        {
            var start = position;
            while (position < text.Length && PyText.IsSpace(text[position]))
            {
                position++;
            }

            lineStarting = position > start && text[position - 1] == '\n';
        }
        else if (sign == '\0' && position < text.Length && text[position] == '\n')
        {
            position++;
            lineStarting = true;
        }
        else
        {
            lineStarting = false;
        }
    }

    private void SkipComment(int tagStart)
    {
        var end = text.IndexOf("#}", position, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(tagStart, "Missing end of comment tag");
        }

        var sign = end > position && text[end - 1] is '-' or '+' ? text[end - 1] : '\0';
        position = end + 2;
        ConsumeBlockEnd(sign);
    }

    /// <summary>Handles <c>{% raw %}...{% endraw %}</c>: the content is emitted verbatim as data.</summary>
    private bool TryRaw(int tagStart)
    {
        var cursor = SkipSpaces(position);
        if (!IsWordAt(cursor, "raw"))
        {
            return false;
        }

        cursor = SkipSpaces(cursor + 3);
        char beginSign;
        if (At(cursor, "-%}"))
        {
            beginSign = '-';
            cursor += 3;
        }
        else if (At(cursor, "%}"))
        {
            beginSign = '\0';
            cursor += 2;
        }
        else
        {
            return false;
        }

        position = cursor;
        if (beginSign == '-')
        {
            while (position < text.Length && PyText.IsSpace(text[position]))
            {
                position++;
            }
        }

        var search = position;
        while (true)
        {
            var candidate = text.IndexOf("{%", search, StringComparison.Ordinal);
            if (candidate < 0)
            {
                throw Error(tagStart, "Missing end of raw directive");
            }

            var after = candidate + 2;
            var sign = after < text.Length && text[after] is '-' or '+' ? text[after] : '\0';
            var word = SkipSpaces(after + (sign == '\0' ? 0 : 1));
            if (IsWordAt(word, "endraw"))
            {
                var end = SkipSpaces(word + 6);
                char endSign;
                if (At(end, "-%}") || At(end, "+%}"))
                {
                    endSign = text[end];
                    end += 3;
                }
                else if (At(end, "%}"))
                {
                    endSign = '\0';
                    end += 2;
                }
                else
                {
                    search = candidate + 2;
                    continue;
                }

                var content = ApplyLeftStrip(text[position..candidate], sign, true);
                if (content.Length > 0)
                {
                    tokens.Add(new Token(TokenKind.Data, content, position));
                }

                position = end;
                ConsumeBlockEnd(endSign);
                return true;
            }

            search = candidate + 2;
        }
    }

    private void TokenizeTag(bool block, int tagStart)
    {
        var balancing = new Stack<char>();
        while (true)
        {
            while (position < text.Length && PyText.IsSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                throw Error(tagStart, block ? "Unexpected end of template: missing '%}'" : "Unexpected end of template: missing '}}'");
            }

            if (balancing.Count == 0 && TryTagEnd(block))
            {
                return;
            }

            var c = text[position];
            var start = position;
            if (char.IsDigit(c))
            {
                ReadNumber();
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
                {
                    position++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..position], start));
            }
            else if (c is '\'' or '"')
            {
                ReadString();
            }
            else
            {
                var op = Operators.FirstOrDefault(candidate => At(position, candidate))
                    ?? throw Error(position, $"unexpected char '{c}'");
                position += op.Length;
                switch (op)
                {
                    case "(": balancing.Push(')'); break;
                    case "[": balancing.Push(']'); break;
                    case "{": balancing.Push('}'); break;
                    case ")" or "]" or "}":
                        if (balancing.Count == 0 || balancing.Pop() != op[0])
                        {
                            throw Error(start, $"unexpected '{op}'");
                        }

                        break;
                }

                tokens.Add(new Token(TokenKind.Operator, op, start));
            }
        }
    }

    private bool TryTagEnd(bool block)
    {
        var start = position;
        if (block)
        {
            foreach (var sign in "-+")
            {
                if (At(position, sign + "%}"))
                {
                    position += 3;
                    tokens.Add(new Token(TokenKind.BlockEnd, "%}", start));
                    ConsumeBlockEnd(sign);
                    return true;
                }
            }

            if (At(position, "%}"))
            {
                position += 2;
                tokens.Add(new Token(TokenKind.BlockEnd, "%}", start));
                ConsumeBlockEnd('\0');
                return true;
            }

            return false;
        }

        if (At(position, "-}}"))
        {
            position += 3;
            tokens.Add(new Token(TokenKind.VariableEnd, "}}", start));
            while (position < text.Length && PyText.IsSpace(text[position]))
            {
                position++;
            }

            lineStarting = text[position - 1] == '\n';
            return true;
        }

        if (At(position, "}}"))
        {
            position += 2;
            tokens.Add(new Token(TokenKind.VariableEnd, "}}", start));
            lineStarting = false;
            return true;
        }

        return false;
    }

    private void ReadNumber()
    {
        var start = position;
        SkipDigits();
        var isFloat = false;
        if (position + 1 < text.Length && text[position] == '.' && char.IsDigit(text[position + 1]))
        {
            isFloat = true;
            position++;
            SkipDigits();
        }

        if (position < text.Length && text[position] is 'e' or 'E')
        {
            var exponent = position + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < text.Length && char.IsDigit(text[exponent]))
            {
                isFloat = true;
                position = exponent;
                SkipDigits();
            }
        }

        var literal = text[start..position].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            tokens.Add(new Token(TokenKind.Float, literal, start, double.Parse(literal, CultureInfo.InvariantCulture)));
        }
        else
        {
            object value = long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                ? (object)integer
                : System.Numerics.BigInteger.Parse(literal, CultureInfo.InvariantCulture);
            tokens.Add(new Token(TokenKind.Integer, literal, start, value));
        }
    }

    private void SkipDigits()
    {
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || (text[position] == '_' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))))
        {
            position++;
        }
    }

    private void ReadString()
    {
        var start = position;
        var quote = text[position++];
        var raw = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Error(start, "unexpected end of string literal");
            }

            var c = text[position];
            if (c == '\\' && position + 1 < text.Length)
            {
                raw.Append(c).Append(text[position + 1]);
                position += 2;
                continue;
            }

            position++;
            if (c == quote)
            {
                break;
            }

            raw.Append(c);
        }

        tokens.Add(new Token(TokenKind.String, text[start..position], start, StringEscapes.Decode(raw.ToString())));
    }

    private int SkipSpaces(int from)
    {
        while (from < text.Length && PyText.IsSpace(text[from]))
        {
            from++;
        }

        return from;
    }

    private bool At(int index, string value) => index + value.Length <= text.Length && string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private bool IsWordAt(int index, string word) =>
        At(index, word) && (index + word.Length >= text.Length || !(char.IsLetterOrDigit(text[index + word.Length]) || text[index + word.Length] == '_'));

    private PyException Error(int offset, string message)
    {
        var (line, column) = source.Position(offset);
        return new PyException(message, "TemplateSyntaxError") { Line = line, Column = column };
    }
}
