namespace Sharpformers.Hub;

/// <summary>Progress of a download: the file that moved and the totals of the whole call (one file or a snapshot).</summary>
public readonly record struct DownloadProgress
{
    /// <summary>The repository path of the file this report is about.</summary>
    public required string FileName { get; init; }

    /// <summary>Bytes of <see cref="FileName"/> present so far (a resumed download starts above zero).</summary>
    public long FileBytesDownloaded { get; init; }

    /// <summary>Size of <see cref="FileName"/>, when known.</summary>
    public long? FileTotalBytes { get; init; }

    /// <summary>Whether <see cref="FileName"/> is complete (downloaded or found in the cache).</summary>
    public bool FileCompleted { get; init; }

    /// <summary>Bytes done over the whole call, including files found in the cache.</summary>
    public long TotalBytesDownloaded { get; init; }

    /// <summary>Bytes of the whole call, when known.</summary>
    public long? TotalBytes { get; init; }

    /// <summary>Files completed so far in the call.</summary>
    public int FilesCompleted { get; init; }

    /// <summary>Files in the call.</summary>
    public int FilesTotal { get; init; }
}

/// <summary>Accumulates per-file byte counts into <see cref="DownloadProgress"/> reports; safe across parallel downloads.</summary>
internal sealed class ProgressTracker(IProgress<DownloadProgress>? sink, int filesTotal, long? totalBytes)
{
    private long _totalDone;
    private int _filesDone;

    public static ProgressTracker None { get; } = new(null, 0, null);

    /// <summary>Reports <paramref name="delta"/> new bytes of a file that now has <paramref name="fileDone"/> bytes.</summary>
    public void Bytes(string fileName, long fileDone, long? fileTotal, long delta)
    {
        var total = Interlocked.Add(ref _totalDone, delta);
        sink?.Report(new DownloadProgress
        {
            FileName = fileName, FileBytesDownloaded = fileDone, FileTotalBytes = fileTotal,
            TotalBytesDownloaded = total, TotalBytes = totalBytes, FilesCompleted = Volatile.Read(ref _filesDone), FilesTotal = filesTotal,
        });
    }

    /// <summary>Marks a file complete; <paramref name="uncountedBytes"/> are its bytes not reported through <see cref="Bytes"/> (cache hits).</summary>
    public void Completed(string fileName, long? fileSize, long uncountedBytes)
    {
        var total = Interlocked.Add(ref _totalDone, uncountedBytes);
        var files = Interlocked.Increment(ref _filesDone);
        sink?.Report(new DownloadProgress
        {
            FileName = fileName, FileBytesDownloaded = fileSize ?? 0, FileTotalBytes = fileSize, FileCompleted = true,
            TotalBytesDownloaded = total, TotalBytes = totalBytes, FilesCompleted = files, FilesTotal = filesTotal,
        });
    }
}
