namespace Sharpformers.Jinja.Runtime;

/// <summary>
/// The limits of one render: at most <see cref="MaxLength"/> characters in any string or list the template builds (and
/// in its output), at most <see cref="MaxSteps"/> statements and loop iterations. A template shipped with a model is
/// outside input; these bound the memory and time one render can take. The budget of the render running on this
/// thread is <see cref="Current"/> (rendering is synchronous), so value operations deep in the interpreter can check
/// sizes before they allocate.
/// </summary>
internal sealed class RenderBudget
{
    [ThreadStatic]
    private static RenderBudget? current;

    private long _steps;

    public RenderBudget(int maxLength, long maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        MaxLength = maxLength;
        MaxSteps = maxSteps;
    }

    /// <summary>The most characters (or list items) one value, and the output, may hold.</summary>
    public int MaxLength { get; }

    /// <summary>The most statements and loop iterations one render may execute.</summary>
    public long MaxSteps { get; }

    /// <summary>The budget of the render running on this thread, if any.</summary>
    public static RenderBudget? Current => current;

    /// <summary>Makes this the current budget until the returned scope is disposed (restoring the previous one).</summary>
    public Activation Activate()
    {
        var previous = current;
        current = this;
        return new Activation(previous);
    }

    /// <summary>Counts one statement or loop iteration.</summary>
    /// <exception cref="PyException">The step budget is spent.</exception>
    public void Step()
    {
        if (++_steps > MaxSteps)
        {
            throw new PyException(
                $"the template ran more than {MaxSteps} evaluation steps (MaxEvaluationSteps)", "TemplateBudgetError");
        }
    }

    /// <summary>Checks that a value about to be built stays within the length budget of the current render (if any).</summary>
    /// <param name="length">The length of the value to build.</param>
    /// <exception cref="PyException">The value would be too long.</exception>
    public static void CheckLength(long length)
    {
        if (current is { } budget && length > budget.MaxLength)
        {
            throw budget.TooLong(length);
        }
    }

    /// <summary>The error for a value or output of <paramref name="length"/> characters.</summary>
    public PyException TooLong(long length) => new(
        $"the template built a value of {length} characters, more than its budget of {MaxLength} (MaxRenderedLength)",
        "TemplateBudgetError");

    /// <summary>Restores the previous budget when disposed.</summary>
    public readonly struct Activation(RenderBudget? previous) : IDisposable
    {
        /// <summary>Restores the previous budget.</summary>
        public void Dispose() => current = previous;
    }
}
