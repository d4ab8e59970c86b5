using System.Globalization;
using ScottPlot;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Batching;

/// <summary>
/// Draws docs/benchmarks-batching.png from the batching CSV (<c>batching-plot [--csv FILE] [--out FILE] [--size 50M]</c>):
/// aggregate tokens/s against concurrent clients (log2), the scheduler against one loop per request, at the sweep's size
/// and token count.
/// </summary>
internal static class BatchingPlot
{
    public static int Run(string[] args)
    {
        var root = TestSupport.RepositoryRoot.Path;
        var csv = Option(args, "--csv") ?? Path.Combine(root, "artifacts", "batching", "batching.csv");
        var output = Option(args, "--out") ?? Path.Combine(root, "docs", "benchmarks-batching.png");
        var size = Option(args, "--size") ?? "50M";
        var rows = File.ReadLines(csv).Skip(1).Select(line => line.Split(',')).Where(f => f[1] == size).ToList();
        var tokens = rows.GroupBy(f => f[3]).OrderByDescending(g => g.Select(f => f[2]).Distinct().Count()).First().Key;
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var runners = new[] { BatchingHarness.Scheduler, BatchingHarness.PerRequest };
        for (var r = 0; r < runners.Length; r++)
        {
            var points = rows.Where(f => f[0] == runners[r] && f[3] == tokens)
                .Select(f => (Clients: int.Parse(f[2], CultureInfo.InvariantCulture), TokensPerSecond: double.Parse(f[6], CultureInfo.InvariantCulture)))
                .GroupBy(p => p.Clients).Select(g => g.Last()).OrderBy(p => p.Clients).ToList();
            var scatter = plot.Add.Scatter(points.Select(p => Math.Log2(p.Clients)).ToArray(), points.Select(p => p.TokensPerSecond).ToArray());
            scatter.LegendText = runners[r] == BatchingHarness.Scheduler ? "continuous batching (GenerationScheduler)" : "one decode loop per request (before)";
            scatter.Color = palette.GetColor(r);
            scatter.LineWidth = 2;
            scatter.MarkerSize = 7;
        }

        var xs = new[] { 1, 2, 4, 8, 16, 32 };
        plot.Axes.Bottom.SetTicks([.. xs.Select(v => Math.Log2(v))], [.. xs.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        plot.XLabel("concurrent clients");
        plot.YLabel("aggregate generated tokens/s");
        plot.Title($"{size} Llama (fp32), {tokens} new tokens per client, 2 shared vCPUs");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.AutoScale();
        plot.Axes.Margins(0.08, 0.1);
        plot.SavePng(output, 900, 520);
        Console.WriteLine($"wrote {output}");
        return 0;
    }
}
