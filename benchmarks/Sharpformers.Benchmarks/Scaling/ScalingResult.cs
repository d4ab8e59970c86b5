using System.Globalization;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>One runner's measurement of one <see cref="ScalingCase"/>; a CSV row of <c>scaling.csv</c>.</summary>
internal sealed record ScalingResult(string Runner, ScalingCase Case, double PrefillMs, double[] StepMs, int AgreeingRows)
{
    public const string CsvHeader = "runner,size,context,batch,prefill_ms,step_median_ms,step_mean_ms,step_min_ms,step_max_ms,tokens_per_s,agreeing_rows";

    /// <summary>Median latency of one decode step of the whole batch.</summary>
    public double MedianMs
    {
        get
        {
            var sorted = StepMs.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>Generated tokens per second over the batch at the median step.</summary>
    public double TokensPerSecond => Case.Batch * 1000 / MedianMs;

    public string ToCsv() => string.Join(
        ',',
        Runner,
        Case.Size,
        Case.Context.ToString(CultureInfo.InvariantCulture),
        Case.Batch.ToString(CultureInfo.InvariantCulture),
        Format(PrefillMs),
        Format(MedianMs),
        Format(StepMs.Average()),
        Format(StepMs.Min()),
        Format(StepMs.Max()),
        Format(TokensPerSecond),
        AgreeingRows.ToString(CultureInfo.InvariantCulture));

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
