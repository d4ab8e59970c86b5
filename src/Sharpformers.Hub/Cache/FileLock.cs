namespace Sharpformers.Hub;

/// <summary>
/// An exclusive lock on a lock file, held by opening it with <see cref="FileShare.None"/> (an advisory <c>flock</c> on
/// Unix, a sharing lock on Windows), like Python's <c>filelock</c>; it therefore excludes other threads, other processes
/// and huggingface_hub itself. The lock file is left in place, as <c>filelock</c> leaves it.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (polling) until the lock is free and takes it.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException)
            {
                // Held by someone else (or being deleted): wait and try again.
            }
            catch (UnauthorizedAccessException) when (OperatingSystem.IsWindows())
            {
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
