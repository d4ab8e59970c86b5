using Sharpformers.Generation.Constraints.Automata;
using Sharpformers.Generation.Constraints.Regex;

namespace Sharpformers.Generation.Constraints.Json;

/// <summary>
/// The JSON building blocks (RFC 8259) as NFA fragments: bounded whitespace, strings (valid UTF-8 and escapes; a
/// <c>\u</c> escape is never a lone surrogate), numbers (at most 15 integer and 15 fraction digits, exponent of 1–2
/// digits, so every value reads back exactly as a double or long), literals, and free-form values to a depth.
/// </summary>
internal sealed class JsonGrammar(NfaBuilder builder, JsonConstraintOptions options)
{
    private static readonly CharSet WhitespaceChars = CharSet.Of([(' ', ' '), ('\t', '\t'), ('\n', '\n'), ('\r', '\r')]);
    private static readonly CharSet PlainChars = CharSet.Range(0x20, CharSet.MaxCodePoint).Except(CharSet.Of([('"', '"'), ('\\', '\\')]));
    private static readonly RegexNode Escape = RegexParser.Parse("\\\\([\"\\\\/bfnrt]|u([0-9a-cA-Ce-fE-F][0-9a-fA-F]{3}|[dD][0-7][0-9a-fA-F]{2}))");
    private static readonly RegexNode IntegerText = RegexParser.Parse("-?(0|[1-9][0-9]{0,14})");
    private static readonly RegexNode NumberText = RegexParser.Parse("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,15})?([eE][+-]?[0-9]{1,2})?");
    private static readonly RegexNode Fraction = RegexParser.Parse("\\.[0-9]{1,15}");

    public NfaBuilder Builder => builder;

    public NfaFragment Whitespace() => builder.Repeat(() => WhitespaceChars.Build(builder), 0, options.MaxWhitespace);

    public NfaFragment Text(string text) => builder.Text(text);

    /// <summary>One character of string content: a plain character or an escape.</summary>
    public NfaFragment StringChar() => builder.Alternate([PlainChars.Build(builder), Escape.Build(builder, false)]);

    /// <summary>A string with <paramref name="minLength"/> to <paramref name="maxLength"/> characters (escapes count as one).</summary>
    public NfaFragment String(int minLength, int? maxLength) =>
        builder.Concat(builder.Text("\""), builder.Repeat(StringChar, minLength, maxLength), builder.Text("\""));

    /// <summary>A string bounded only by <see cref="JsonConstraintOptions.MaxStringLength"/>.</summary>
    public NfaFragment String() => String(0, options.MaxStringLength);

    /// <summary>A string whose content matches the regular expression as a whole.</summary>
    public NfaFragment StringMatching(RegexNode pattern) =>
        builder.Concat(builder.Text("\""), pattern.Build(builder, insideJsonString: true), builder.Text("\""));

    public NfaFragment Integer() => IntegerText.Build(builder, false);

    public NfaFragment Number() => NumberText.Build(builder, false);

    public NfaFragment FractionPart() => Fraction.Build(builder, false);

    public NfaFragment Scalar() => builder.Alternate([String(), Number(), Text("true"), Text("false"), Text("null")]);

    /// <summary>Any JSON value with containers nested at most <paramref name="depth"/> deep.</summary>
    public NfaFragment AnyValue(int depth) =>
        depth <= 0 ? Scalar() : builder.Alternate([Scalar(), AnyObject(depth - 1), AnyArray(depth - 1)]);

    /// <summary>Any JSON object whose values nest at most <paramref name="depth"/> more levels.</summary>
    public NfaFragment AnyObject(int depth) => Map(() => AnyValue(depth));

    public NfaFragment AnyArray(int depth) => Array(() => AnyValue(depth), 0, null);

    /// <summary>An object with any keys and values built by <paramref name="value"/>.</summary>
    public NfaFragment Map(Func<NfaFragment> value) =>
        builder.Concat(
            Text("{"),
            Whitespace(),
            builder.Separated(() => builder.Concat(String(), Whitespace(), Text(":"), Whitespace(), value()), Separator, 0, null),
            Whitespace(),
            Text("}"));

    /// <summary>An array of <paramref name="min"/> to <paramref name="max"/> items built by <paramref name="item"/>.</summary>
    public NfaFragment Array(Func<NfaFragment> item, int min, int? max) =>
        builder.Concat(Text("["), Whitespace(), builder.Separated(item, Separator, min, max), Whitespace(), Text("]"));

    /// <summary>A comma with optional whitespace around it.</summary>
    public NfaFragment Separator() => builder.Concat(Whitespace(), Text(","), Whitespace());
}
