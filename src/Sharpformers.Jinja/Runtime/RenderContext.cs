namespace Sharpformers.Jinja.Runtime;

/// <summary>State of one render: the top-level scope, the clock used by <c>strftime_now</c> and the budget.</summary>
internal sealed class RenderContext(Scope topLevel, TimeProvider clock, RenderBudget budget)
{
    public Scope TopLevel { get; } = topLevel;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The output-length and step limits of this render.</summary>
    public RenderBudget Budget { get; } = budget;

    /// <summary>Guards against runaway recursion in macros.</summary>
    public int Depth { get; set; }
}
