namespace Sharpformers.TestSupport;

/// <summary>One request <see cref="FakeHub"/> received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Target">Raw path and query.</param>
/// <param name="IsCdn">Whether it reached the CDN port.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Range">The Range header, if any.</param>
public sealed record FakeHubRequest(string Method, string Target, bool IsCdn, string? Authorization, string? Range)
{
    private long _bytesServed;

    /// <summary>Body bytes sent in answer.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    internal void AddBytes(long count) => Interlocked.Add(ref _bytesServed, count);
}
