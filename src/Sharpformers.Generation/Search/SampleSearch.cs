using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.LogitsProcessing;

namespace Sharpformers.Generation.Search;

/// <summary>
/// Greedy search and multinomial sampling, transformers' <c>_sample</c> loop: process the scores of each row, pick a
/// token (argmax, first index on ties, or a draw), replace it with the pad id in rows already finished, append,
/// then update the finished rows from the stopping criteria. Buffers are allocated once per call.
/// </summary>
internal sealed class SampleSearch
{
    private readonly IDecoderSession _session;
    private readonly GenerationPlan _plan;
    private readonly int _vocab;
    private readonly int _rows;
    private readonly int _promptWidth;
    private readonly int _maxLength;
    private readonly long[] _sequences;
    private readonly long[] _mask;
    private readonly long[] _flatMask;
    private readonly long[] _positions;
    private readonly long[] _nextTokens;
    private readonly int[] _attended;
    private readonly bool[] _unfinished;
    private readonly float[] _scores;
    private readonly List<float[]>? _stepScores;
    private readonly float[][]? _tokenLogProbabilities;
    private readonly long _pad;
    private readonly PromptBatch _prompt;
    private int _length;

    public SampleSearch(IDecoderSession session, GenerationPlan plan, PromptBatch prompt, int vocabSize)
    {
        _session = session;
        _plan = plan;
        _prompt = prompt;
        _vocab = vocabSize;
        _rows = prompt.Rows;
        _promptWidth = prompt.Width;
        _maxLength = plan.Lengths.MaxLength;
        _sequences = new long[_rows * _maxLength];
        _mask = new long[_rows * _maxLength];
        _flatMask = new long[_rows * _maxLength];
        _positions = new long[_rows];
        _nextTokens = new long[_rows];
        _attended = new int[_rows];
        _unfinished = new bool[_rows];
        _scores = new float[_rows * vocabSize];
        _pad = plan.Tokens.PadTokenId ?? 0;
        for (var r = 0; r < _rows; r++)
        {
            prompt.Ids.AsSpan(r * _promptWidth, _promptWidth).CopyTo(_sequences.AsSpan(r * _maxLength));
            prompt.Mask.AsSpan(r * _promptWidth, _promptWidth).CopyTo(_mask.AsSpan(r * _maxLength));
            _attended[r] = prompt.AttendedCount(r);
            _unfinished[r] = true;
        }

        if (plan.Config.OutputScores)
        {
            _stepScores = [];
            _tokenLogProbabilities = new float[_rows][];
            for (var r = 0; r < _rows; r++)
            {
                _tokenLogProbabilities[r] = new float[_maxLength - _promptWidth];
            }
        }

        _length = _promptWidth;
    }

    /// <summary>Runs to the end and returns the result.</summary>
    public GenerationResult Run(ITokenSink? sink, CancellationToken cancellationToken)
    {
        var logits = _session.Forward(_prompt.Ids, _prompt.Mask, _prompt.PositionIds(), cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Step(logits, sink))
            {
                break;
            }

            logits = _session.Forward(_nextTokens, FlatMask(), _positions, cancellationToken);
        }

        return BuildResult();
    }

    /// <summary>One decoding step from the logits of the last position; returns whether any row is still running.</summary>
    private bool Step(ReadOnlySpan<float> logits, ITokenSink? sink)
    {
        logits[.._scores.Length].CopyTo(_scores);
        var step = _length - _promptWidth;
        var anyRunning = false;
        for (var r = 0; r < _rows; r++)
        {
            var row = _sequences.AsSpan(r * _maxLength, _length);
            var scores = _scores.AsSpan(r * _vocab, _vocab);
            _plan.Processors.Process(row, scores);
            long token = _plan.Random is { } random ? MultinomialSampler.Sample(scores, random) : ScoreMath.ArgMax(scores);
            if (_plan.HasEos && !_unfinished[r])
            {
                token = _pad;
            }

            if (_tokenLogProbabilities is not null)
            {
                _tokenLogProbabilities[r][step] = (ulong)token < (ulong)_vocab ? ScoreMath.LogProbability(scores, (int)token) : float.NegativeInfinity;
            }

            _sequences[(r * _maxLength) + _length] = token;
            _mask[(r * _maxLength) + _length] = 1;
            _nextTokens[r] = token;
            _positions[r] = _attended[r];
            _attended[r]++;
        }

        _stepScores?.Add((float[])_scores.Clone());
        _length++;
        for (var r = 0; r < _rows; r++)
        {
            var wasRunning = _unfinished[r];
            if (wasRunning && _plan.Criteria.IsDone(_sequences.AsSpan(r * _maxLength, _length), _scores.AsSpan(r * _vocab, _vocab)))
            {
                _unfinished[r] = false;
            }

            if (wasRunning)
            {
                sink?.OnToken(r, _nextTokens[r], !_unfinished[r]);
            }

            anyRunning |= _unfinished[r];
        }

        return anyRunning;
    }

    private ReadOnlySpan<long> FlatMask()
    {
        for (var r = 0; r < _rows; r++)
        {
            _mask.AsSpan(r * _maxLength, _length).CopyTo(_flatMask.AsSpan(r * _length));
        }

        return _flatMask.AsSpan(0, _rows * _length);
    }

    private GenerationResult BuildResult()
    {
        var sequences = new long[_rows][];
        float[][]? logProbabilities = _tokenLogProbabilities is null ? null : new float[_rows][];
        for (var r = 0; r < _rows; r++)
        {
            sequences[r] = _sequences.AsSpan(r * _maxLength, _length).ToArray();
            if (logProbabilities is not null)
            {
                logProbabilities[r] = _tokenLogProbabilities![r].AsSpan(0, _length - _promptWidth).ToArray();
            }
        }

        return new GenerationResult(sequences, _promptWidth, logProbabilities, null, _stepScores?.ToArray());
    }
}
