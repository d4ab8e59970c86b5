namespace Sharpformers.Pipelines;

/// <summary>A remote text-generation server refused or failed a request; the message carries the server's own error message.</summary>
public sealed class RemoteGenerationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGenerationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RemoteGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RemoteGenerationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status of the answer, or <see langword="null"/> when none came (connection closed, malformed body).</summary>
    public int? StatusCode { get; init; }

    /// <summary>The server's error type where it gives one (TGI's <c>error_type</c>: <c>validation</c>, <c>generation</c>, <c>overloaded</c>, ...; OpenAI's <c>error.type</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>The server's error message alone.</summary>
    public string? ServerMessage { get; init; }
}
