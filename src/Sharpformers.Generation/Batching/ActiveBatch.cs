using Sharpformers.Models;

namespace Sharpformers.Generation.Batching;

/// <summary>
/// The running sequences of a scheduler and their shared <see cref="KvCache"/> (row <c>i</c> of the cache is
/// <see cref="Rows"/>[i]). Rows of different lengths share the cache through left padding: a row that holds <c>n</c> past
/// positions in a cache of <c>L</c> has <c>L − n</c> masked zero positions in front. Joining pads the shorter side, leaving
/// drops the row and then the left columns no remaining row attends to.
/// </summary>
internal sealed class ActiveBatch : IDisposable
{
    private readonly List<ScheduledSequence> _rows = [];
    private readonly List<int> _kept = [];
    private long[] _ids = [];
    private long[] _positions = [];
    private long[] _mask = [];
    private KvCache? _cache;

    public IReadOnlyList<ScheduledSequence> Rows => _rows;

    public int Count => _rows.Count;

    /// <summary>The sum of the rows' <see cref="ScheduledSequence.MaxLength"/>: the KV room they may come to need.</summary>
    public long TokensInFlight { get; private set; }

    /// <summary>Native bytes held by the shared cache (0 when no row runs).</summary>
    public long CacheBytes => _cache?.AllocatedBytes ?? 0;

    /// <summary>
    /// Adds prefilled sequences: their cache (one row each, holding the left-padded prompts) joins the shared one, which
    /// takes it over.
    /// </summary>
    public void Join(IReadOnlyList<ScheduledSequence> sequences, KvCache prefilled)
    {
        if (_cache is null)
        {
            _cache = prefilled;
        }
        else
        {
            try
            {
                if (prefilled.SequenceLength < _cache.SequenceLength)
                {
                    prefilled.PadLeft(_cache.SequenceLength);
                }
                else if (prefilled.SequenceLength > _cache.SequenceLength)
                {
                    _cache.PadLeft(prefilled.SequenceLength);
                }

                _cache.AppendRows(prefilled);
            }
            finally
            {
                prefilled.Dispose();
            }
        }

        foreach (var sequence in sequences)
        {
            _rows.Add(sequence);
            TokensInFlight += sequence.MaxLength;
        }
    }

    /// <summary>
    /// One forward over every row: each row's last token at its own position, the mask covering its own past only.
    /// Returns the logits [rows × vocab].
    /// </summary>
    public ReadOnlySpan<float> Forward(CausalLanguageModel model, CancellationToken cancellationToken)
    {
        var cache = _cache!;
        var rows = _rows.Count;
        var past = cache.SequenceLength;
        var width = past + 1;
        Grow(ref _ids, rows);
        Grow(ref _positions, rows);
        Grow(ref _mask, rows * width);
        for (var r = 0; r < rows; r++)
        {
            var row = _rows[r];
            _ids[r] = row.LastToken;
            _positions[r] = row.Length - 1;
            var pad = past - (row.Length - 1);
            var mask = _mask.AsSpan(r * width, width);
            mask[..pad].Clear();
            mask[pad..].Fill(1);
        }

        return model.Forward(cache, _ids.AsSpan(0, rows), _mask.AsSpan(0, rows * width), _positions.AsSpan(0, rows), cancellationToken);
    }

    /// <summary>Removes the rows for which <paramref name="leaves"/> is true, then the left padding nobody needs; frees the cache when empty.</summary>
    public void RemoveWhere(Func<ScheduledSequence, bool> leaves)
    {
        _kept.Clear();
        for (var r = 0; r < _rows.Count; r++)
        {
            if (!leaves(_rows[r]))
            {
                _kept.Add(r);
            }
        }

        if (_kept.Count == _rows.Count)
        {
            return;
        }

        if (_kept.Count == 0)
        {
            Clear();
            return;
        }

        var cache = _cache!;
        cache.KeepRows(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_kept));
        var longest = 0;
        var kept = new List<ScheduledSequence>(_kept.Count);
        TokensInFlight = 0;
        foreach (var r in _kept)
        {
            kept.Add(_rows[r]);
            longest = Math.Max(longest, _rows[r].Length - 1);
            TokensInFlight += _rows[r].MaxLength;
        }

        _rows.Clear();
        _rows.AddRange(kept);
        cache.TrimLeft(cache.SequenceLength - longest);
    }

    /// <summary>Drops every row and frees the shared cache.</summary>
    public void Clear()
    {
        _rows.Clear();
        TokensInFlight = 0;
        _cache?.Dispose();
        _cache = null;
    }

    public void Dispose() => Clear();

    private static void Grow(ref long[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new long[Math.Max(length, buffer.Length * 2)];
        }
    }
}
