using Microsoft.AspNetCore.Http;

namespace Sharpformers.Cli.Serving;

/// <summary>A client error answered with an OpenAI-shaped error body (400 unless another status is given).</summary>
/// <param name="message">What is wrong, naming the field.</param>
/// <param name="param">The request field at fault, if any.</param>
/// <param name="code">A machine-readable code, if any.</param>
/// <param name="status">The HTTP status.</param>
/// <param name="type">The OpenAI error type.</param>
internal sealed class BadRequestException(string message, string? param = null, string? code = null, int status = StatusCodes.Status400BadRequest, string type = "invalid_request_error")
    : Exception(message)
{
    /// <summary>The request field at fault, if any.</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code, if any.</summary>
    public string? Code { get; } = code;

    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The OpenAI error type.</summary>
    public string Type { get; } = type;
}
