using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Decoding;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;

namespace Sharpformers.Generation.Batching;

/// <summary>
/// Continuous batching for one <see cref="CausalLanguageModel"/>: concurrent requests share each decode step. One loop thread
/// owns the model's shared <see cref="KvCache"/>; every step it runs one forward over all running sequences (each at its own
/// length through left padding, its own attention mask and position ids), then each sequence chooses its token with its own
/// configuration (greedy or sampling with its seed, temperature, top-k/top-p/min-p, penalties, stop strings, max tokens,
/// extra processors, a <see cref="GenerationOptions.Constraint"/> with its own automaton state). New requests join at the
/// next step after a prefill forward of their own (a long one optionally in chunks, with decode steps of the running
/// sequences between them, see <see cref="GenerationSchedulerOptions.PrefillChunkTokens"/>); finished and cancelled ones leave at
/// once and their cache rows are compacted away.
/// <para>
/// Admission is first come, first served: a request waits in a bounded queue until the batch has a free row
/// (<see cref="GenerationSchedulerOptions.MaxBatchSize"/>) and KV room (<see cref="GenerationSchedulerOptions.MaxTokensInFlight"/>);
/// a later request never overtakes it. A full queue refuses new requests with <see cref="GenerationQueueFullException"/>.
/// Beam search, several returned sequences and caller-given attention masks run outside the shared batch, as
/// <see cref="GenerationExtensions.GenerateAsync(CausalLanguageModel, IReadOnlyList{long}, GenerationConfig?, GenerationOptions?, CancellationToken)"/>.
/// </para>
/// <para>Metrics are published on the <c>Sharpformers.Generation</c> meter (<see cref="MeterName"/>).</para>
/// </summary>
public sealed class GenerationScheduler : IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the scheduler reports on.</summary>
    public const string MeterName = SchedulerMetrics.MeterName;

    private readonly CausalLanguageModel _model;
    private readonly GenerationSchedulerOptions _options;
    private readonly LinkedList<ScheduledSequence> _queue = new();
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ActiveBatch _batch = new();
    private readonly SchedulerMetrics _metrics;
    private readonly Thread _loop;
    private readonly Action _wakeAction;
    private readonly ILogger _logger;
    private volatile int _activeCount;
    private long _cacheBytes;
    private bool _disposed;
    private bool? _chunkingSupported;

    /// <summary>Creates the scheduler and starts its loop thread (idle until a request comes).</summary>
    /// <param name="model">The model; the scheduler does not own it.</param>
    /// <param name="options">Limits; <see langword="null"/> takes the defaults.</param>
    /// <param name="logger">Receives the scheduler's decisions about the model (e.g. why chunked prefill is off); <see langword="null"/> drops them.</param>
    public GenerationScheduler(CausalLanguageModel model, GenerationSchedulerOptions? options = null, ILogger<GenerationScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = (options ?? new GenerationSchedulerOptions()).Clone();
        _options.Validate();
        _wakeAction = _wake.Set;
        _metrics = new SchedulerMetrics(Path.GetFileName(Path.TrimEndingDirectorySeparator(model.ModelDirectory)), () => QueueLength, () => _activeCount, () => Interlocked.Read(ref _cacheBytes));
        _loop = new Thread(Loop) { IsBackground = true, Name = "Sharpformers generation scheduler" };
        _loop.Start();
    }

    /// <summary>The model every request runs on.</summary>
    public CausalLanguageModel Model => _model;

    /// <summary>The limits in force (a copy of those given).</summary>
    public GenerationSchedulerOptions Options => _options.Clone();

    /// <summary>Requests waiting for a place in the batch.</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Sequences in the running batch.</summary>
    public int ActiveCount => _activeCount;

    /// <summary>Native bytes held by the shared KV cache after the last step (0 when idle: the cache is freed when the batch empties).</summary>
    public long CacheBytes => Interlocked.Read(ref _cacheBytes);

    /// <summary>Whether a request with this configuration shares the batch (else it runs on its own, outside it).</summary>
    /// <param name="config">The effective generation configuration.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>
    /// <see langword="true"/> for greedy or sampling with one returned sequence and no caller-given attention mask. A
    /// <see cref="GenerationOptions.Constraint"/> does not keep a request out: its row carries its own constraint state.
    /// </returns>
    public static bool CanBatch(GenerationConfig config, GenerationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.NumBeams <= 1 && config.NumReturnSequences == 1 && options?.AttentionMask is null;
    }

    /// <summary>Generates from one prompt inside the shared batch (or on its own, see <see cref="CanBatch"/>).</summary>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Extra processors (run for this request only), criteria and tokenizer.</param>
    /// <param name="cancellationToken">Takes the request out of the queue or the batch at the next step.</param>
    /// <returns>The sequence (prompt + new tokens), as <c>Generate</c> returns it for this prompt alone.</returns>
    /// <exception cref="GenerationQueueFullException">The queue is full; nothing was computed.</exception>
    public Task<GenerationResult> GenerateAsync(IReadOnlyList<long> inputIds, GenerationConfig? config = null, GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        options ??= new GenerationOptions();
        var effective = GenerationRunner.Effective(config, _model.GenerationConfig, _model.Config);
        return CanBatch(effective, options)
            ? Submit(inputIds, effective, options, sink: null, cancellationToken).Completion
            : _model.GenerateAsync(inputIds, effective, options, cancellationToken);
    }

    /// <summary>Generates from one prompt inside the shared batch and yields each new token as soon as it is chosen.</summary>
    /// <param name="inputIds">The prompt's token ids.</param>
    /// <param name="config">Generation parameters; <see langword="null"/> uses the model's.</param>
    /// <param name="options">Tokenizer (for text), extra processors and criteria.</param>
    /// <param name="cancellationToken">Stops the request; it also stops when the consumer stops enumerating.</param>
    /// <returns>The new tokens.</returns>
    /// <exception cref="GenerationQueueFullException">The queue is full; nothing was computed.</exception>
    public async IAsyncEnumerable<GeneratedToken> GenerateStreamAsync(
        IReadOnlyList<long> inputIds,
        GenerationConfig? config = null,
        GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        options ??= new GenerationOptions();
        var effective = GenerationRunner.Effective(config, _model.GenerationConfig, _model.Config);
        if (!CanBatch(effective, options))
        {
            await foreach (var token in _model.GenerateStreamAsync(inputIds, effective, options, cancellationToken).ConfigureAwait(false))
            {
                yield return token;
            }

            yield break;
        }

        var sink = new ChannelTokenSink(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = Submit(inputIds, effective, options, sink, stop.Token);
        _ = request.Completion.ContinueWith(
            static (task, state) => ((ChannelWriter<GeneratedToken>)state!).TryComplete(task.IsFaulted ? task.Exception!.InnerException : task.IsCanceled ? new OperationCanceledException() : null),
            sink.Writer,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            await foreach (var token in sink.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return token;
            }
        }
        finally
        {
            // A consumer that stops early takes the request out of the batch at the next step.
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the loop; waiting and running requests fail with <see cref="ObjectDisposedException"/>; frees the shared cache.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
        _wake.Set();
        _loop.Join();
        var error = new ObjectDisposedException(nameof(GenerationScheduler));
        lock (_gate)
        {
            foreach (var waiting in _queue)
            {
                waiting.Fail(error);
            }

            _queue.Clear();
        }

        foreach (var row in _batch.Rows)
        {
            row.Fail(error);
        }

        _batch.Dispose();
        PublishState();
        _metrics.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private ScheduledSequence Submit(IReadOnlyList<long> inputIds, GenerationConfig config, GenerationOptions options, ITokenSink? sink, CancellationToken cancellationToken)
    {
        GenerationConfigValidator.Validate(config);
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = PromptBatch.Create([inputIds], null, SpecialTokens.From(config).PadTokenId ?? 0);
        var plan = GenerationPlan.Create(config, options, prompt.Width, _model.VocabSize, _model.Config.MaxPositionEmbeddings);
        var sequence = new ScheduledSequence(prompt.Ids, plan, _model.VocabSize, sink, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Waiting requests up to the free rows are about to run; beyond them the queue holds MaxQueueLength.
            var freeRows = Math.Max(0, _options.MaxBatchSize - _activeCount);
            if (_queue.Count >= (long)_options.MaxQueueLength + freeRows)
            {
                _metrics.Rejected();
                throw new GenerationQueueFullException(_queue.Count - freeRows, _options.RetryAfter);
            }

            _queue.AddLast(sequence);
        }

        sequence.OnCancel(_wakeAction);
        _wake.Set();
        return sequence;
    }

    private void Loop()
    {
        while (!_stopping.IsCancellationRequested)
        {
            _wake.Reset();
            DropCancelled();
            Admit();
            PublishState();
            if (_batch.Count == 0)
            {
                if (QueueLength == 0)
                {
                    _wake.Wait();
                }

                continue;
            }

            Step();
            PublishState();
        }
    }

    private void PublishState()
    {
        _activeCount = _batch.Count;
        Interlocked.Exchange(ref _cacheBytes, _batch.CacheBytes);
    }

    /// <summary>Cancelled requests leave the queue and the batch before the next step.</summary>
    private void DropCancelled()
    {
        lock (_gate)
        {
            for (var node = _queue.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.CancellationToken.IsCancellationRequested)
                {
                    node.Value.Cancel();
                    _queue.Remove(node);
                }

                node = next;
            }
        }

        var any = false;
        foreach (var row in _batch.Rows)
        {
            if (row.CancellationToken.IsCancellationRequested)
            {
                row.Cancel();
                any = true;
            }
        }

        if (any)
        {
            _batch.RemoveWhere(static row => row.IsCompleted);
        }
    }

    /// <summary>
    /// Admits from the head of the queue while a row and KV room are free (first come, first served). The requests
    /// admitted together are prefilled in one left-padded forward of at most <see cref="PrefillBudget"/> padded tokens
    /// (a group always takes the head, however long); when rows are running after that group joins, the next group waits
    /// for one decode step, so under a burst the early arrivals get their first token early and the running rows keep
    /// streaming between the newcomers' prefills.
    /// </summary>
    private void Admit()
    {
        var joining = new List<ScheduledSequence>();
        var budget = PrefillBudget;
        while (!_stopping.IsCancellationRequested)
        {
            joining.Clear();
            var tokensInFlight = _batch.TokensInFlight;
            var width = 0;
            lock (_gate)
            {
                while (_queue.First is { } head
                    && _batch.Count + joining.Count < _options.MaxBatchSize
                    && (_batch.Count + joining.Count == 0 || tokensInFlight + head.Value.MaxLength <= _options.MaxTokensInFlight)
                    && (joining.Count == 0 || (long)Math.Max(width, head.Value.Prompt.Length) * (joining.Count + 1) <= budget))
                {
                    joining.Add(head.Value);
                    tokensInFlight += head.Value.MaxLength;
                    width = Math.Max(width, head.Value.Prompt.Length);
                    _queue.RemoveFirst();
                }

                // Counted as running from now on, so admission control sees no gap during their prefill.
                _activeCount = _batch.Count + joining.Count;
            }

            if (joining.Count == 0)
            {
                return;
            }

            Prefill(joining);
            if (_batch.Count > 0)
            {
                return;
            }
        }
    }

    /// <summary>The most padded prompt tokens prefilled in one forward (bounds the prefill's activations).</summary>
    private const int MaxPrefillTokens = 4096;

    /// <summary>The most padded prompt tokens one admission group prefills before the running rows' next step.</summary>
    private int PrefillBudget => _options.PrefillChunkTokens > 0 ? Math.Min(_options.PrefillChunkTokens, MaxPrefillTokens) : MaxPrefillTokens;

    /// <summary>Whether the model's graph takes several new tokens over a past (probed once, on first need, on the loop thread).</summary>
    private bool ChunkingSupported => _chunkingSupported ??= ChunkedPrefillProbe.Supports(_model, _logger, _stopping.Token);

    private void Prefill(List<ScheduledSequence> joining)
    {
        KvCache? cache = null;
        try
        {
            var prompt = PromptBatch.Create([.. joining.Select(static s => (IReadOnlyList<long>)s.Prompt)], null, 0);
            cache = _model.CreateCache(joining.Count);
            var logits = ForwardPrompt(cache, prompt);
            var vocab = _model.VocabSize;
            for (var r = 0; r < joining.Count; r++)
            {
                var sequence = joining[r];
                try
                {
                    if (sequence.Choose(logits.Slice(r * vocab, vocab)))
                    {
                        sequence.Complete();
                    }
                }
                catch (Exception ex)
                {
                    sequence.Fail(ex);
                }

                _metrics.FirstToken(sequence.EnqueuedAt);
            }

            _metrics.Tokens(joining.Count);
            var prefilled = cache;
            cache = null;
            _batch.Join(joining, prefilled);
            _batch.RemoveWhere(static row => row.IsCompleted);
        }
        catch (Exception ex)
        {
            foreach (var sequence in joining)
            {
                if (ex is OperationCanceledException && _stopping.IsCancellationRequested)
                {
                    sequence.Fail(new ObjectDisposedException(nameof(GenerationScheduler)));
                }
                else
                {
                    sequence.Fail(ex);
                }
            }
        }
        finally
        {
            cache?.Dispose();
        }
    }

    /// <summary>
    /// Forwards the joining prompts into their own cache and returns the last position's logits. With chunking on, other
    /// sequences running and a graph that supports it (<see cref="ChunkedPrefillProbe"/>), a prompt wider than
    /// <see cref="GenerationSchedulerOptions.PrefillChunkTokens"/> (padded, over all joining rows) goes in chunks of columns,
    /// each attending to the cache of the chunks before it, with one decode step of the running batch between chunks.
    /// </summary>
    private ReadOnlySpan<float> ForwardPrompt(KvCache cache, PromptBatch prompt)
    {
        var width = prompt.Width;
        var chunk = Math.Max(1, _options.PrefillChunkTokens / prompt.Rows);
        if (_options.PrefillChunkTokens == 0 || _batch.Count == 0 || chunk >= width || !ChunkingSupported)
        {
            return PromptColumns.Forward(_model, cache, prompt, prompt.PositionIds(), 0, width, _stopping.Token);
        }

        var positions = prompt.PositionIds();
        for (var start = 0; ; start += chunk)
        {
            var end = Math.Min(width, start + chunk);
            var logits = PromptColumns.Forward(_model, cache, prompt, positions, start, end, _stopping.Token);
            if (end == width)
            {
                return logits;
            }

            DropCancelled();
            if (_batch.Count > 0)
            {
                Step();
            }

            // The joining rows (one per prompt row) stay counted as running while their prefill goes on.
            PublishState();
            _activeCount = _batch.Count + prompt.Rows;
        }
    }

    private void Step()
    {
        var rows = _batch.Rows;
        var vocab = _model.VocabSize;
        ReadOnlySpan<float> logits;
        try
        {
            logits = _batch.Forward(_model, _stopping.Token);
        }
        catch (Exception ex)
        {
            foreach (var row in rows)
            {
                if (ex is OperationCanceledException)
                {
                    row.Fail(new ObjectDisposedException(nameof(GenerationScheduler)));
                }
                else
                {
                    row.Fail(ex);
                }
            }

            _batch.Clear();
            return;
        }

        _metrics.Step(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            try
            {
                if (row.Choose(logits.Slice(r * vocab, vocab)))
                {
                    row.Complete();
                }
            }
            catch (Exception ex)
            {
                row.Fail(ex);
            }
        }

        _metrics.Tokens(rows.Count);
        _batch.RemoveWhere(static row => row.IsCompleted);
    }
}
