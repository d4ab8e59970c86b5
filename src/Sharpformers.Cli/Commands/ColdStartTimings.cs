using System.Globalization;
using Sharpformers.Generation.Stopping;

namespace Sharpformers.Cli.Commands;

/// <summary>
/// Opt-in timing marks for the cold-start breakdown (<c>benchmarks ... -- coldstart --breakdown</c>): when the environment
/// variable <c>SHARPFORMERS_TIMINGS</c> is <c>1</c>, <c>generate</c> writes <c>timing NAME UNIX_MS</c> lines to stderr at
/// process entry, tokenizer loaded, model loaded, first token picked and generation done. Off by default: nothing is written.
/// </summary>
internal static class ColdStartTimings
{
    /// <summary>The environment variable that turns the marks on.</summary>
    public const string EnvironmentVariable = "SHARPFORMERS_TIMINGS";

    /// <summary>Whether the marks are written in this process.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes <c>timing <paramref name="name"/> &lt;milliseconds since the Unix epoch&gt;</c> when enabled.</summary>
    public static void Mark(TextWriter stderr, string name)
    {
        if (Enabled)
        {
            var now = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
            stderr.WriteLine($"timing {name} {now.ToString("0.000", CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A stopping criterion that never stops and marks <c>first-token</c> the first time it is asked (after the first pick).</summary>
    public static IStoppingCriteria FirstToken(TextWriter stderr) => new FirstTokenMark(stderr);

    private sealed class FirstTokenMark(TextWriter stderr) : IStoppingCriteria
    {
        private bool _marked;

        public bool IsDone(ReadOnlySpan<long> sequence, ReadOnlySpan<float> scores)
        {
            if (!_marked)
            {
                _marked = true;
                Mark(stderr, "first-token");
            }

            return false;
        }
    }
}
