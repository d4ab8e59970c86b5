namespace Sharpformers.Generation.Search;

/// <summary>A fixed set of beam rows: sequences (padded to the maximum length), scores, source-beam history, token log-probabilities.</summary>
internal sealed class BeamSet
{
    private readonly long[] _sequences;
    private readonly int[] _beamIndices;
    private readonly float[] _tokenLogProbabilities;
    private readonly int _maxLength;
    private readonly int _maxNew;

    public BeamSet(int rows, int maxLength, int maxNew, long fill)
    {
        _maxLength = maxLength;
        _maxNew = maxNew;
        _sequences = new long[rows * maxLength];
        _sequences.AsSpan().Fill(fill);
        _beamIndices = new int[rows * maxNew];
        _beamIndices.AsSpan().Fill(-1);
        _tokenLogProbabilities = new float[rows * maxNew];
        Scores = new float[rows];
        Done = new bool[rows];
    }

    public float[] Scores { get; }

    public bool[] Done { get; }

    public Span<long> Sequence(int row) => _sequences.AsSpan(row * _maxLength, _maxLength);

    public Span<int> BeamIndices(int row) => _beamIndices.AsSpan(row * _maxNew, _maxNew);

    public Span<float> TokenLogProbabilities(int row) => _tokenLogProbabilities.AsSpan(row * _maxNew, _maxNew);

    /// <summary>Number of generated tokens of a row (entries with a recorded source beam).</summary>
    public int GeneratedCount(int row)
    {
        var count = 0;
        foreach (var index in BeamIndices(row))
        {
            count += index >= 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Copies sequence, history and log-probabilities of <paramref name="sourceRow"/> of <paramref name="source"/> into <paramref name="row"/>.</summary>
    public void CopyFrom(int row, BeamSet source, int sourceRow)
    {
        source.Sequence(sourceRow).CopyTo(Sequence(row));
        source.BeamIndices(sourceRow).CopyTo(BeamIndices(row));
        source.TokenLogProbabilities(sourceRow).CopyTo(TokenLogProbabilities(row));
    }
}
