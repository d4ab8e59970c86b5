using System.Collections.Concurrent;

namespace Sharpformers.TestSupport;

/// <summary>Faults <see cref="FakeHub"/> injects, each for a number of times.</summary>
public sealed class FakeHubFaults
{
    private readonly ConcurrentDictionary<string, (long AfterBytes, int Times)> _drops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long AfterBytes, TimeSpan Stall, int Times)> _stalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _corrupt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _omittedHeaders = new(StringComparer.OrdinalIgnoreCase);
    private int _failures;
    private int _failureStatus = 503;

    /// <summary>Delay before each 64 KiB chunk of every body (a slow link).</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>Closes the connection after <paramref name="afterBytes"/> body bytes of <paramref name="path"/>, <paramref name="times"/> times.</summary>
    /// <param name="path">Repository path of the file.</param>
    /// <param name="afterBytes">Bytes sent before the drop.</param>
    /// <param name="times">How many bodies to cut.</param>
    public void DropConnection(string path, long afterBytes, int times = 1) => _drops[path] = (afterBytes, times);

    /// <summary>Stops sending <paramref name="path"/> for <paramref name="stall"/> after <paramref name="afterBytes"/> bytes.</summary>
    /// <param name="path">Repository path of the file.</param>
    /// <param name="afterBytes">Bytes sent before the stall.</param>
    /// <param name="stall">Pause length.</param>
    /// <param name="times">How many bodies to stall.</param>
    public void Stall(string path, long afterBytes, TimeSpan stall, int times = 1) => _stalls[path] = (afterBytes, stall, times);

    /// <summary>Serves <paramref name="path"/> with one byte flipped (same length), so its sha256 is wrong.</summary>
    /// <param name="path">Repository path of the file.</param>
    public void CorruptContent(string path) => _corrupt[path] = true;

    /// <summary>Leaves <paramref name="header"/> out of every resolve answer (e.g. <c>X-Repo-Commit</c>, as a proxy stripping headers would).</summary>
    /// <param name="header">The header name.</param>
    public void OmitHeader(string header) => _omittedHeaders[header] = true;

    internal IEnumerable<string> OmittedHeaders => _omittedHeaders.Keys;

    /// <summary>Answers the next <paramref name="count"/> requests, whatever they are, with <paramref name="status"/>.</summary>
    /// <param name="count">Number of failing requests.</param>
    /// <param name="status">Status code (default 503).</param>
    public void FailNextRequests(int count, int status = 503)
    {
        _failureStatus = status;
        Volatile.Write(ref _failures, count);
    }

    internal int? TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failures);
            if (left <= 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _failures, left - 1, left) == left)
            {
                return _failureStatus;
            }
        }
    }

    internal long? TakeDrop(string path) => Take(_drops, path, d => d.Times, (d, t) => d with { Times = t }, d => d.AfterBytes);

    internal (long AfterBytes, TimeSpan Stall)? TakeStall(string path)
    {
        var afterBytes = Take(_stalls, path, s => s.Times, (s, t) => s with { Times = t }, s => s.AfterBytes);
        return afterBytes is { } a ? (a, _stalls[path].Stall) : null;
    }

    internal bool IsCorrupt(string path) => _corrupt.ContainsKey(path);

    private static long? Take<T>(ConcurrentDictionary<string, T> faults, string path, Func<T, int> times, Func<T, int, T> with, Func<T, long> after)
    {
        while (faults.TryGetValue(path, out var fault) && times(fault) > 0)
        {
            if (faults.TryUpdate(path, with(fault, times(fault) - 1), fault))
            {
                return after(fault);
            }
        }

        return null;
    }
}
