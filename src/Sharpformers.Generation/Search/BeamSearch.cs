using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Models;

namespace Sharpformers.Generation.Search;

/// <summary>
/// transformers' vectorised <c>_beam_search</c>: log-softmax then processors, top 2·beams continuations per prompt,
/// the best unfinished ones keep running, the best finished ones (among the top <c>num_beams</c>) enter the finished
/// set with score / generated_length^length_penalty, and the early-stopping rules decide when to stop.
/// </summary>
internal sealed class BeamSearch
{
    private const float Huge = -1.0e9f;

    private readonly IDecoderSession _session;
    private readonly GenerationPlan _plan;
    private readonly PromptBatch _prompt;
    private readonly int _vocab;
    private readonly int _batch;
    private readonly int _beams;
    private readonly int _keep;
    private readonly int _width;
    private readonly int _maxLength;
    private readonly int _maxNew;
    private readonly long _fill;
    private readonly float _lengthPenalty;
    private readonly EarlyStopping _earlyStopping;

    private readonly float[] _logProbs;
    private BeamSet _running;
    private BeamSet _nextRunning;
    private BeamSet _finished;
    private BeamSet _nextFinished;
    private readonly BeamSet _candidates;
    private readonly bool[] _candidateHit;
    private readonly int[] _candidateSource;
    private readonly bool[] _heuristicUnsatisfied;
    private readonly int[] _sourceRows;
    private readonly int[] _chosen;
    private readonly float[] _chosenScores;
    private readonly long[] _nextTokens;
    private readonly long[] _flatMask;
    private readonly long[] _positions;
    private readonly int[] _attended;
    private readonly List<float[]>? _stepScores;
    private int _length;

    public BeamSearch(IDecoderSession session, GenerationPlan plan, PromptBatch prompt, int vocabSize)
    {
        _session = session;
        _plan = plan;
        _prompt = prompt;
        _vocab = vocabSize;
        _beams = plan.Config.NumBeams;
        _batch = prompt.Rows / _beams;
        _keep = (int)Math.Min((long)Math.Max(2, 1 + plan.Tokens.EosTokenIds.Length) * _beams, (long)_beams * vocabSize);
        _width = prompt.Width;
        _maxLength = plan.Lengths.MaxLength;
        _maxNew = _maxLength - _width;
        _lengthPenalty = plan.Config.LengthPenalty;
        _earlyStopping = plan.Config.EarlyStopping;
        var pad = plan.Config.PadTokenId;
        _fill = pad is { } p && p != 0 ? p : plan.Tokens.EosTokenIds.Length > 0 ? plan.Tokens.EosTokenIds[0] : -1;

        var rows = _batch * _beams;
        _logProbs = new float[rows * vocabSize];
        _running = new BeamSet(rows, _maxLength, _maxNew, _fill);
        _nextRunning = new BeamSet(rows, _maxLength, _maxNew, _fill);
        _finished = new BeamSet(rows, _maxLength, _maxNew, _fill);
        _nextFinished = new BeamSet(rows, _maxLength, _maxNew, _fill);
        _candidates = new BeamSet(_batch * _keep, _maxLength, _maxNew, _fill);
        _candidateHit = new bool[_batch * _keep];
        _candidateSource = new int[_batch * _keep];
        _heuristicUnsatisfied = new bool[_batch];
        _sourceRows = new int[rows];
        _chosen = new int[_keep + _beams];
        _chosenScores = new float[_keep + _beams];
        _nextTokens = new long[rows];
        _flatMask = new long[rows * _maxLength];
        _positions = new long[rows];
        _attended = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            prompt.Ids.AsSpan(r * _width, _width).CopyTo(_running.Sequence(r));
            _running.Scores[r] = r % _beams == 0 ? 0f : Huge;
            _finished.Scores[r] = Huge;
            _attended[r] = prompt.AttendedCount(r);
        }

        _heuristicUnsatisfied.AsSpan().Fill(true);
        _stepScores = plan.Config.OutputScores ? [] : null;
        _length = _width;
    }

    public GenerationResult Run(CancellationToken cancellationToken)
    {
        var logits = _session.Forward(_prompt.Ids, _prompt.Mask, _prompt.PositionIds(), cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Step(logits))
            {
                break;
            }

            logits = _session.Forward(_nextTokens, FlatMask(), _positions, cancellationToken);
        }

        return BuildResult();
    }

    private bool Step(ReadOnlySpan<float> logits)
    {
        var rows = _batch * _beams;
        logits[.._logProbs.Length].CopyTo(_logProbs);
        for (var r = 0; r < rows; r++)
        {
            var row = _logProbs.AsSpan(r * _vocab, _vocab);
            ScoreMath.LogSoftmaxInPlace(row);
            _plan.Processors.Process(_running.Sequence(r)[.._length], row);
        }

        _stepScores?.Add((float[])_logProbs.Clone());
        var allHit = true;
        for (var b = 0; b < _batch; b++)
        {
            SelectCandidates(b);
            for (var k = 0; k < _keep; k++)
            {
                var c = (b * _keep) + k;
                _candidateHit[c] = _plan.Criteria.IsDone(_candidates.Sequence(c)[..(_length + 1)], _logProbs.AsSpan(_candidateSource[c] * _vocab, _vocab));
                allHit &= _candidateHit[c];
            }

            SelectRunning(b);
            UpdateFinished(b);
        }

        (_running, _nextRunning) = (_nextRunning, _running);
        (_finished, _nextFinished) = (_nextFinished, _finished);
        _session.Reorder(_sourceRows);
        _length++;
        var improvementPossible = false;
        var allFinished = true;
        for (var b = 0; b < _batch; b++)
        {
            _heuristicUnsatisfied[b] &= CanImprove(b);
            improvementPossible |= _heuristicUnsatisfied[b];
            for (var i = 0; i < _beams; i++)
            {
                allFinished &= _finished.Done[(b * _beams) + i];
            }
        }

        for (var r = 0; r < rows; r++)
        {
            _nextTokens[r] = _running.Sequence(r)[_length - 1];
            _positions[r] = _attended[r];
            _attended[r]++;
        }

        var openBeam = !(allFinished && _earlyStopping == EarlyStopping.AsSoonAsPossible);
        return improvementPossible && openBeam && !allHit;
    }

    /// <summary>Top-k continuations over beams × vocabulary of prompt <paramref name="b"/> (accumulated log-probabilities).</summary>
    private void SelectCandidates(int b)
    {
        var values = _chosenScores.AsSpan(0, _keep);
        var indices = _chosen.AsSpan(0, _keep);
        var count = 0;
        for (var i = 0; i < _beams; i++)
        {
            var row = (b * _beams) + i;
            var running = _running.Scores[row];
            var scores = _logProbs.AsSpan(row * _vocab, _vocab);
            for (var v = 0; v < scores.Length; v++)
            {
                TopKSelector.Insert(scores[v] + running, (i * _vocab) + v, values, indices, ref count);
            }
        }

        var step = _length - _width;
        for (var k = 0; k < _keep; k++)
        {
            var c = (b * _keep) + k;
            var sourceBeam = indices[k] / _vocab;
            var token = indices[k] % _vocab;
            var source = (b * _beams) + sourceBeam;
            _candidates.CopyFrom(c, _running, source);
            _candidates.Sequence(c)[_length] = token;
            _candidates.BeamIndices(c)[step] = source;
            _candidates.TokenLogProbabilities(c)[step] = _logProbs[(source * _vocab) + token];
            _candidates.Scores[c] = values[k];
            _candidateSource[c] = source;
        }
    }

    /// <summary>The best <c>num_beams</c> candidates that hit no stopping criterion keep running.</summary>
    private void SelectRunning(int b)
    {
        var values = _chosenScores.AsSpan(0, _beams);
        var indices = _chosen.AsSpan(0, _beams);
        var count = 0;
        for (var k = 0; k < _keep; k++)
        {
            var c = (b * _keep) + k;
            var score = _candidates.Scores[c] + (_candidateHit[c] ? Huge : 0f);
            TopKSelector.Insert(score, k, values, indices, ref count);
        }

        for (var j = 0; j < _beams; j++)
        {
            var c = (b * _keep) + indices[j];
            var row = (b * _beams) + j;
            _nextRunning.CopyFrom(row, _candidates, c);
            _nextRunning.Scores[row] = values[j];
            _sourceRows[row] = _candidateSource[c];
        }
    }

    /// <summary>Merges the old finished beams with the candidates that just finished among the top <c>num_beams</c>.</summary>
    private void UpdateFinished(int b)
    {
        var divisor = (float)Math.Pow(_length + 1 - _width, _lengthPenalty);
        var full = true;
        for (var i = 0; i < _beams; i++)
        {
            full &= _finished.Done[(b * _beams) + i];
        }

        var values = _chosenScores.AsSpan(0, _beams);
        var indices = _chosen.AsSpan(0, _beams);
        var count = 0;
        for (var i = 0; i < _beams; i++)
        {
            TopKSelector.Insert(_finished.Scores[(b * _beams) + i], i, values, indices, ref count);
        }

        for (var k = 0; k < _keep; k++)
        {
            var c = (b * _keep) + k;
            var score = _candidates.Scores[c] / divisor;
            if (full && _earlyStopping == EarlyStopping.AsSoonAsPossible)
            {
                score += Huge;
            }

            if (!_heuristicUnsatisfied[b])
            {
                score += Huge;
            }

            if (!(_candidateHit[c] && k < _beams))
            {
                score += Huge;
            }

            TopKSelector.Insert(score, _beams + k, values, indices, ref count);
        }

        for (var j = 0; j < _beams; j++)
        {
            var row = (b * _beams) + j;
            var merged = indices[j];
            if (merged < _beams)
            {
                _nextFinished.CopyFrom(row, _finished, (b * _beams) + merged);
                _nextFinished.Done[row] = _finished.Done[(b * _beams) + merged];
            }
            else
            {
                var c = (b * _keep) + merged - _beams;
                _nextFinished.CopyFrom(row, _candidates, c);
                _nextFinished.Done[row] = _candidateHit[c] && merged - _beams < _beams;
            }

            _nextFinished.Scores[row] = values[j];
        }
    }

    /// <summary>transformers' <c>_check_early_stop_heuristic</c> for prompt <paramref name="b"/>, after the length advanced.</summary>
    private bool CanImprove(int b)
    {
        var hypotheticalLength = _earlyStopping == EarlyStopping.Never && _lengthPenalty > 0 ? _maxLength - _width : _length - _width;
        var best = _running.Scores[b * _beams] / (float)Math.Pow(hypotheticalLength, _lengthPenalty);
        var worst = float.PositiveInfinity;
        for (var i = 0; i < _beams; i++)
        {
            worst = Math.Min(worst, _finished.Scores[(b * _beams) + i]);
        }

        for (var i = 0; i < _beams; i++)
        {
            var threshold = _finished.Done[(b * _beams) + i] ? worst : Huge;
            if (best > threshold)
            {
                return true;
            }
        }

        return false;
    }

    private ReadOnlySpan<long> FlatMask()
    {
        var rows = _batch * _beams;
        for (var r = 0; r < rows; r++)
        {
            var target = _flatMask.AsSpan(r * _length, _length);
            _prompt.Mask.AsSpan(r * _width, _width).CopyTo(target);
            target[_width..].Fill(1);
        }

        return _flatMask.AsSpan(0, rows * _length);
    }

    private GenerationResult BuildResult()
    {
        var returned = _plan.Config.NumReturnSequences;
        var generated = 0;
        for (var b = 0; b < _batch; b++)
        {
            for (var j = 0; j < returned; j++)
            {
                generated = Math.Max(generated, _finished.GeneratedCount((b * _beams) + j));
            }
        }

        var sequences = new long[_batch * returned][];
        var scores = new float[_batch * returned];
        var logProbabilities = _plan.Config.OutputScores ? new float[_batch * returned][] : null;
        for (var b = 0; b < _batch; b++)
        {
            for (var j = 0; j < returned; j++)
            {
                var row = (b * _beams) + j;
                var o = (b * returned) + j;
                sequences[o] = _finished.Sequence(row)[..(_width + generated)].ToArray();
                scores[o] = _finished.Scores[row];
                if (logProbabilities is not null)
                {
                    logProbabilities[o] = _finished.TokenLogProbabilities(row)[.._finished.GeneratedCount(row)].ToArray();
                }
            }
        }

        return new GenerationResult(sequences, _width, logProbabilities, _plan.Config.OutputScores ? scores : null, _stepScores?.ToArray());
    }
}
