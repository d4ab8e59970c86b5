namespace Sharpformers.Jinja;

/// <summary>
/// A template could not be parsed or rendered: a syntax error, an unsupported construct, a runtime error (for example
/// a type error), a template calling <c>raise_exception(message)</c>, or a render over its budget.
/// </summary>
public sealed class JinjaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What went wrong, without the position.</param>
    /// <param name="kind">The Jinja2/Python error this corresponds to (TemplateSyntaxError, TemplateError, TypeError...).</param>
    /// <param name="line">1-based template line, 0 when unknown.</param>
    /// <param name="column">1-based template column, 0 when unknown.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public JinjaException(string reason, string kind, int line, int column, Exception? innerException = null)
        : base(line > 0 ? $"Template {kind} at line {line}, column {column}: {reason}" : $"Template {kind}: {reason}", innerException)
    {
        Reason = reason;
        Kind = kind;
        Line = line;
        Column = column;
    }

    /// <summary>What went wrong; for <c>raise_exception(message)</c> exactly the template's message.</summary>
    public string Reason { get; }

    /// <summary>
    /// The Jinja2/Python error name: <c>TemplateSyntaxError</c> (parse), <c>TemplateError</c> (raise_exception),
    /// <c>UndefinedError</c>, <c>TypeError</c>, <c>SecurityError</c>, <c>TemplateBudgetError</c>...
    /// </summary>
    public string Kind { get; }

    /// <summary>1-based line in the template (after newline normalization), 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column in the template, 0 when unknown.</summary>
    public int Column { get; }
}
