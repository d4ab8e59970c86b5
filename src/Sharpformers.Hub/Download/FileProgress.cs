namespace Sharpformers.Hub;

/// <summary>Turns "bytes present in the temp file" updates of one file into deltas for a <see cref="ProgressTracker"/>.</summary>
internal sealed class FileProgress(ProgressTracker tracker, string fileName, long? size)
{
    private long _last;

    public void At(long position)
    {
        var delta = position - _last;
        _last = position;
        if (delta != 0)
        {
            tracker.Bytes(fileName, position, size, delta);
        }
    }

    /// <summary>Marks the file complete, counting the bytes that never went through <see cref="At"/>.</summary>
    public void Completed(long fileSize) => tracker.Completed(fileName, fileSize, fileSize - _last);
}
