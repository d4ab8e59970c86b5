using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace Sharpformers.Hub;

/// <summary>
/// Streams one file into its <c>.incomplete</c> temp file, resuming with <c>Range: bytes=N-</c> from whatever is already
/// there (an earlier attempt, or a dropped connection a moment ago), retrying cut bodies and stalls with back-off, then
/// checks the byte count and, for LFS files, the sha256. On a mismatch the temp file is deleted.
/// </summary>
internal static class FileTransfer
{
    private const int BufferSize = 1 << 20;

    /// <param name="http">The request sender.</param>
    /// <param name="location">Where to GET the bytes (the resolve URL or the CDN URL from the HEAD).</param>
    /// <param name="incompletePath">The temp file; kept on failure so that a later call can resume, deleted on a mismatch.</param>
    /// <param name="expectedSize">The size the server stated.</param>
    /// <param name="expectedSha256">The sha256 to verify (lowercase hex), or <see langword="null"/>.</param>
    /// <param name="onPosition">Called with the number of bytes present in the temp file as data arrives (it can go back to 0 on a restart).</param>
    /// <param name="context">What is downloaded, for errors.</param>
    /// <param name="cancellationToken">Cancels the transfer; the temp file stays for a later resume.</param>
    public static async Task DownloadAsync(
        HubHttp http, Uri location, string incompletePath, long expectedSize, string? expectedSha256,
        Action<long> onPosition, HubErrorContext context, CancellationToken cancellationToken)
    {
        using var hash = expectedSha256 is null ? null : new RunningHash();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var have = File.Exists(incompletePath) ? new FileInfo(incompletePath).Length : 0;
                if (have > expectedSize)
                {
                    have = 0;
                }

                onPosition(have);

                Exception? failure;
                try
                {
                    if (have < expectedSize || !File.Exists(incompletePath))
                    {
                        await TransferAsync(http, location, incompletePath, have, expectedSize, hash, buffer, onPosition, context, cancellationToken)
                            .ConfigureAwait(false);
                    }

                    failure = null;
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    failure = ex;
                }

                if (failure is null)
                {
                    break;
                }

                if (attempt >= http.Retry.MaxRetries)
                {
                    throw new HubNetworkException(
                        $"Downloading '{context.FileName}' from '{context.RepoId}' kept failing after {attempt + 1} attempts: {failure.Message}", failure)
                    {
                        RepoId = context.RepoId,
                    };
                }

                await Task.Delay(http.Retry.DelayFor(attempt + 1), cancellationToken).ConfigureAwait(false);
            }

            await VerifyAsync(incompletePath, expectedSize, expectedSha256, hash, buffer, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One GET from <paramref name="have"/> to the end, feeding the hash in order.</summary>
    private static async Task TransferAsync(
        HubHttp http, Uri location, string incompletePath, long have, long expectedSize, RunningHash? hash,
        byte[] buffer, Action<long> onPosition, HubErrorContext context, CancellationToken cancellationToken)
    {
        var (response, _) = await http.SendAsync(
            HttpMethod.Get, location, followAbsolute: true,
            request =>
            {
                if (have > 0)
                {
                    request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(have, null);
                }

                request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
            },
            http.Settings.EtagTimeout, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The server will not resume: start again from zero on the next attempt.
                AtomicFile.TryDelete(incompletePath);
                throw new IOException($"The server refused to resume '{context.FileName}' at byte {have} (HTTP 416).");
            }

            await HubErrors.ThrowIfErrorAsync(response, context).ConfigureAwait(false);
            var position = response.StatusCode == HttpStatusCode.PartialContent ? have : 0;
            onPosition(position);

            await using var file = new FileStream(incompletePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.Asynchronous);
            file.SetLength(position);
            file.Position = position;
            if (hash is not null && hash.Position != position)
            {
                await CatchUpHashAsync(file, hash, position, buffer, cancellationToken).ConfigureAwait(false);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            for (var (ended, first) = (false, true); !ended; first = false)
            {
                // Gather up to a full buffer before writing (fewer writes, hash calls and progress reports), except
                // for the first bytes, which are reported at once.
                var filled = 0;
                var wanted = first ? 1 : BufferSize;
                try
                {
                    while (filled < wanted)
                    {
                        stall.CancelAfter(http.Settings.DownloadTimeout);
                        var read = await ReadAsync(body, buffer.AsMemory(filled, BufferSize - filled), stall, http.Settings.DownloadTimeout, context, cancellationToken)
                            .ConfigureAwait(false);
                        if (read == 0)
                        {
                            ended = true;
                            break;
                        }

                        if (position + filled + read > expectedSize)
                        {
                            throw new IOException($"The server sent more than the {expectedSize} bytes it announced for '{context.FileName}'.");
                        }

                        filled += read;
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or TimeoutException && filled > 0 && !cancellationToken.IsCancellationRequested)
                {
                    // Keep what arrived before the cut, so that the retry resumes after it.
                    position = await CommitAsync(file, buffer, filled, position, hash, onPosition, cancellationToken).ConfigureAwait(false);
                    throw;
                }

                position = await CommitAsync(file, buffer, filled, position, hash, onPosition, cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (position < expectedSize)
            {
                throw new IOException($"The connection closed after {position} of {expectedSize} bytes of '{context.FileName}'.");
            }
        }
    }

    private static async Task<int> ReadAsync(
        Stream body, Memory<byte> destination, CancellationTokenSource stall, TimeSpan timeout, HubErrorContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(destination, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No data for '{context.FileName}' within {timeout.TotalSeconds:0.#} s.", ex);
        }
    }

    /// <summary>Appends <paramref name="count"/> buffered bytes to the file and the hash; returns the new position.</summary>
    private static async Task<long> CommitAsync(
        FileStream file, byte[] buffer, int count, long position, RunningHash? hash, Action<long> onPosition, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return position;
        }

        await file.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        if (hash is not null && hash.Position == position)
        {
            hash.Append(buffer, count);
        }

        position += count;
        onPosition(position);
        return position;
    }

    /// <summary>Brings the hash to byte <paramref name="to"/> of the file, restarting it when the file restarted below it.</summary>
    private static async Task CatchUpHashAsync(FileStream file, RunningHash hash, long to, byte[] buffer, CancellationToken cancellationToken)
    {
        if (hash.Position > to)
        {
            hash.Reset();
        }

        var saved = file.Position;
        file.Position = hash.Position;
        while (hash.Position < to)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, to - hash.Position)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            hash.Append(buffer, read);
        }

        file.Position = saved;
    }

    private static async Task VerifyAsync(
        string incompletePath, long expectedSize, string? expectedSha256, RunningHash? hash, byte[] buffer,
        HubErrorContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(incompletePath))
        {
            await File.WriteAllBytesAsync(incompletePath, [], cancellationToken).ConfigureAwait(false);
        }

        var actualSize = new FileInfo(incompletePath).Length;
        if (actualSize != expectedSize)
        {
            AtomicFile.TryDelete(incompletePath);
            throw new FileIntegrityException(
                $"Consistency check failed for '{context.FileName}' in '{context.RepoId}': expected {expectedSize} bytes, got {actualSize}. Nothing was kept; retry the download.")
            {
                RepoId = context.RepoId,
            };
        }

        if (hash is null || expectedSha256 is null)
        {
            return;
        }

        if (hash.Position != actualSize)
        {
            await using var file = new FileStream(incompletePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
            await CatchUpHashAsync(file, hash, actualSize, buffer, cancellationToken).ConfigureAwait(false);
        }

        var actual = hash.Finish();
        if (!string.Equals(actual, expectedSha256, StringComparison.Ordinal))
        {
            AtomicFile.TryDelete(incompletePath);
            throw new FileIntegrityException(
                $"sha256 mismatch for '{context.FileName}' in '{context.RepoId}': the server stated {expectedSha256}, the downloaded bytes hash to {actual}. Nothing was kept in the cache.")
            {
                RepoId = context.RepoId,
            };
        }
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or TimeoutException;

    /// <summary>A sha256 fed with the file's bytes in order, remembering how far it got (it survives a cut body).</summary>
    private sealed class RunningHash : IDisposable
    {
        private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Position { get; private set; }

        public void Append(byte[] data, int count)
        {
            _hash.AppendData(data, 0, count);
            Position += count;
        }

        public void Reset()
        {
            _hash.Dispose();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Position = 0;
        }

        public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public void Dispose() => _hash.Dispose();
    }
}
