namespace Sharpformers.Jinja.Syntax;

internal enum TokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    EndOfFile,
}

/// <summary>One lexical token; <see cref="Offset"/> is its position in the normalized source.</summary>
internal sealed record Token(TokenKind Kind, string Value, int Offset, object? Literal = null)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && Value == value;

    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of template",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.Data => "template data",
        _ => $"'{Value}'",
    };
}
