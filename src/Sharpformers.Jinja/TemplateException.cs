namespace Sharpformers.Jinja;

/// <summary>
/// The common shape of template errors: what went wrong, the Jinja2/Python error it corresponds to, and where in the
/// template. <see cref="JinjaException"/> is the engine's own error; layers above (chat templates) derive their own.
/// </summary>
public abstract class TemplateException : Exception
{
    /// <summary>Creates the exception; the message is "<paramref name="subject"/> kind [at line L, column C]: reason".</summary>
    /// <param name="subject">What failed, first word(s) of the message (for example "Template" or "Chat template").</param>
    /// <param name="reason">What went wrong, without the position.</param>
    /// <param name="kind">The Jinja2/Python error this corresponds to (TemplateSyntaxError, TemplateError, TypeError...).</param>
    /// <param name="line">1-based template line, 0 when unknown.</param>
    /// <param name="column">1-based template column, 0 when unknown.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected TemplateException(string subject, string reason, string kind, int line, int column, Exception? innerException)
        : base(line > 0 ? $"{subject} {kind} at line {line}, column {column}: {reason}" : $"{subject} {kind}: {reason}", innerException)
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
