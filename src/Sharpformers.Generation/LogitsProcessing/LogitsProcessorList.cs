namespace Sharpformers.Generation.LogitsProcessing;

/// <summary>Runs several processors one after the other, as transformers' <c>LogitsProcessorList</c>.</summary>
public sealed class LogitsProcessorList : ILogitsProcessor
{
    private readonly ILogitsProcessor[] _processors;

    /// <summary>Creates the list; the processors run in the given order.</summary>
    /// <param name="processors">The processors.</param>
    public LogitsProcessorList(IEnumerable<ILogitsProcessor> processors)
    {
        ArgumentNullException.ThrowIfNull(processors);
        _processors = [.. processors];
    }

    /// <summary>The processors, in the order they run.</summary>
    public IReadOnlyList<ILogitsProcessor> Processors => _processors;

    /// <inheritdoc />
    public void Process(ReadOnlySpan<long> sequence, Span<float> scores)
    {
        foreach (var processor in _processors)
        {
            processor.Process(sequence, scores);
        }
    }
}
