namespace Sharpformers.Generation.Constraints;

/// <summary>
/// A constraint that cannot be used: a JSON Schema keyword or value outside the supported subset (<see cref="Keyword"/>
/// names it, the message gives its JSON path), or a schema, pattern or grammar that no text satisfies.
/// </summary>
public sealed class UnsupportedSchemaException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="keyword">The unsupported keyword, or null.</param>
    /// <param name="message">The message.</param>
    public UnsupportedSchemaException(string? keyword, string message)
        : base(message)
    {
        Keyword = keyword;
    }

    /// <summary>Creates the exception.</summary>
    public UnsupportedSchemaException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public UnsupportedSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The unsupported keyword (e.g. <c>uniqueItems</c>), or null when the problem is not one keyword.</summary>
    public string? Keyword { get; }
}
