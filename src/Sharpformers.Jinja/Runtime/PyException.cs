namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// An error raised while rendering, named after the Python exception Jinja2 would raise
/// (TypeError, UndefinedError, TemplateError...). The interpreter attaches the template position.
/// </summary>
internal sealed class PyException(string message, string pythonType = "TypeError") : Exception(message)
{
    public string PythonType { get; } = pythonType;

    public int Line { get; set; }

    public int Column { get; set; }

    public bool HasPosition => Line > 0;
}
