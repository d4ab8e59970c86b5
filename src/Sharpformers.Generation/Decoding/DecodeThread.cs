namespace Sharpformers.Generation.Decoding;

/// <summary>
/// Starts a decode loop on a dedicated thread rather than the thread pool. A loop blocks its thread for the whole
/// generation; forty of them on pool threads would leave a server's health checks and model listing waiting for the pool
/// to grow, which it does by about one thread a second.
/// </summary>
internal static class DecodeThread
{
    public static Task<T> Run<T>(Func<T> loop, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(loop, cancellationToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    public static Task Run(Action loop, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(loop, cancellationToken, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
}
