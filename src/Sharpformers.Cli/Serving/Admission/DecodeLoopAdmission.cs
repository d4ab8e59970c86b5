using Sharpformers.Generation.Batching;

namespace Sharpformers.Cli.Serving.Admission;

/// <summary>
/// Admission control for <c>serve --no-batching</c>, where every request runs its own decode loop: at most
/// <c>maxRunning</c> loops at once, at most <c>maxWaiting</c> requests waiting for one (without holding a thread), and
/// beyond that a <see cref="GenerationQueueFullException"/> (answered 429 with <c>Retry-After</c>, as the batching
/// scheduler's full queue is). Without it forty loops share two cores and the model listing waits behind them.
/// </summary>
internal sealed class DecodeLoopAdmission(int maxRunning, int maxWaiting, TimeSpan retryAfter)
{
    private readonly SemaphoreSlim _running = new(maxRunning, maxRunning);
    private int _waiting;

    /// <summary>The most decode loops running at once.</summary>
    public int MaxRunning { get; } = maxRunning;

    /// <summary>Waits for a free loop; dispose the result when the request is done.</summary>
    /// <exception cref="GenerationQueueFullException">As many requests as allowed are already waiting.</exception>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_running.Wait(0, CancellationToken.None))
        {
            var waiting = Interlocked.Increment(ref _waiting);
            try
            {
                if (waiting > maxWaiting)
                {
                    throw new GenerationQueueFullException(waiting - 1, retryAfter);
                }

                await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        return new Lease(_running);
    }

    private sealed class Lease(SemaphoreSlim running) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                running.Release();
            }
        }
    }
}
