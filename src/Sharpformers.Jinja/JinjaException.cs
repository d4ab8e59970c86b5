namespace Sharpformers.Jinja;

/// <summary>
/// A template could not be parsed or rendered: a syntax error, an unsupported construct, a runtime error (for example
/// a type error), a template calling <c>raise_exception(message)</c>, or a render over its budget.
/// </summary>
public sealed class JinjaException : TemplateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What went wrong, without the position.</param>
    /// <param name="kind">The Jinja2/Python error this corresponds to (TemplateSyntaxError, TemplateError, TypeError...).</param>
    /// <param name="line">1-based template line, 0 when unknown.</param>
    /// <param name="column">1-based template column, 0 when unknown.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public JinjaException(string reason, string kind, int line, int column, Exception? innerException = null)
        : base("Template", reason, kind, line, column, innerException)
    {
    }
}
