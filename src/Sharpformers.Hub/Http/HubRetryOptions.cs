namespace Sharpformers.Hub;

/// <summary>How transient failures are retried: connection errors, time-outs, 408, 429 and 5xx answers, and bodies cut short.</summary>
internal sealed record HubRetryOptions
{
    /// <summary>The defaults: 5 retries with exponential back-off from 1 s.</summary>
    public static readonly HubRetryOptions Default = new();

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first back-off delay; it doubles with each retry (with jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The back-off before retry number <paramref name="attempt"/> (1-based) of a cut body.</summary>
    public TimeSpan DelayFor(int attempt) =>
        TimeSpan.FromTicks((long)(BaseDelay.Ticks * Math.Pow(2, attempt - 1) * (0.75 + (Random.Shared.NextDouble() * 0.5))));
}
