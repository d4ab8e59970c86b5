namespace Sharpformers.Generation.Configuration;

/// <summary>A generation parameter is invalid; thrown before any compute. <see cref="ArgumentException.ParamName"/> is the transformers field name.</summary>
public sealed class InvalidGenerationConfigException : ArgumentException
{
    private readonly string _message;

    /// <summary>Creates the exception.</summary>
    /// <param name="field">The transformers field name (for example <c>num_beams</c>).</param>
    /// <param name="message">What is wrong, starting with the field name.</param>
    public InvalidGenerationConfigException(string field, string message)
        : base(message, field) => _message = message;

    /// <summary>The message without the parameter-name suffix of <see cref="ArgumentException"/>.</summary>
    public override string Message => _message;
}
