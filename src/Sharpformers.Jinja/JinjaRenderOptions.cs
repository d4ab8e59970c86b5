namespace Sharpformers.Jinja;

/// <summary>Settings of one render: the clock of <c>strftime_now</c>, the budgets, and a converter for CLR values of other types.</summary>
public sealed class JinjaRenderOptions
{
    /// <summary>The default of <see cref="MaxRenderedLength"/>: 16 Mi characters.</summary>
    public const int DefaultMaxRenderedLength = 16 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxEvaluationSteps"/>: 1 million (a chat template over a long conversation needs a few thousand).</summary>
    public const long DefaultMaxEvaluationSteps = 1_000_000;

    /// <summary>The clock read by <c>strftime_now</c> (local time); <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// The most characters the output, and any string or list the template builds on the way, may hold; over it the
    /// render stops with a <see cref="JinjaException"/> of kind <c>TemplateBudgetError</c>.
    /// </summary>
    public int MaxRenderedLength { get; init; } = DefaultMaxRenderedLength;

    /// <summary>The most statements and loop iterations one render may execute; over it the render stops with a <c>TemplateBudgetError</c>.</summary>
    public long MaxEvaluationSteps { get; init; } = DefaultMaxEvaluationSteps;

    /// <summary>
    /// Turns a variable value of a type the interpreter does not know into one it does (a dictionary, a list of key/value
    /// pairs, an enumerable, a string...); it returns null for values it does not convert either.
    /// </summary>
    public Func<object, object?>? ValueConverter { get; init; }
}
