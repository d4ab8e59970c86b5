namespace Sharpformers.Generation.Constraints;

/// <summary>Settings of the JSON constraints.</summary>
public sealed class JsonConstraintOptions
{
    /// <summary>
    /// The most whitespace characters (space, tab, newline, carriage return) allowed at each place JSON allows
    /// whitespace inside a value (default 4; 0 gives compact JSON). Bounded so that a model cannot pad forever.
    /// </summary>
    public int MaxWhitespace { get; init; } = 4;

    /// <summary>How deep free-form JSON (<see cref="TokenConstraint.AnyJson()"/>, <c>{}</c> schemas) and recursive <c>$ref</c>s may nest (default 6).</summary>
    public int MaxNesting { get; init; } = 6;

    /// <summary>
    /// The most characters of a string that the schema does not bound itself (no <c>maxLength</c>, <c>pattern</c>,
    /// <c>format</c> or <c>enum</c>), including object keys of free-form JSON; null (default) leaves them unbounded.
    /// </summary>
    public int? MaxStringLength { get; init; }
}
