namespace Sharpformers.Tokenization.ChatTemplates.Runtime;

/// <summary>State of one render: the top-level scope and the clock used by <c>strftime_now</c>.</summary>
internal sealed class RenderContext(Scope topLevel, TimeProvider clock)
{
    public Scope TopLevel { get; } = topLevel;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Guards against runaway recursion in macros.</summary>
    public int Depth { get; set; }
}
