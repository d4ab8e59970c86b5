using System.Globalization;
using ScottPlot;
using static Sharpformers.Benchmarks.HarnessArgs;

namespace Sharpformers.Benchmarks.Scaling;

/// <summary>
/// Draws docs/benchmarks-scaling.png from the scaling CSV (<c>scaling-plot [--csv FILE] [--out FILE]</c>): left, tokens/s
/// against context at batch 1, one line per runner and size; right, tokens/s against batch at context 128. Both axes are
/// logarithmic (base 2 for context and batch, base 10 for tokens/s) so that the three sizes share one panel.
/// </summary>
internal static class ScalingPlot
{
    private static readonly string[] SizeOrder = ["tiny", "10M", "50M", "150M"];

    public static int Run(string[] args)
    {
        var root = TestSupport.RepositoryRoot.Path;
        var csv = Option(args, "--csv") ?? Path.Combine(root, "artifacts", "scaling", "scaling.csv");
        var output = Option(args, "--out") ?? Path.Combine(root, "docs", "benchmarks-scaling.png");
        var rows = File.ReadLines(csv).Skip(1).Select(Row.Parse).ToList();

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Panel(multiplot.GetPlot(0), rows.Where(r => r.Batch == 1).ToList(), r => r.Context, "context (prompt tokens per row)", "Decode tokens/s vs context, batch 1", legend: false);
        Panel(multiplot.GetPlot(1), rows.Where(r => r.Context == 128).ToList(), r => r.Batch, "batch (rows)", "Decode tokens/s vs batch, context 128", legend: true);
        multiplot.SavePng(output, 1500, 560);
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static void Panel(Plot plot, List<Row> rows, Func<Row, int> x, string xLabel, string title, bool legend)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var sizes = rows.Select(r => r.Size).Distinct().OrderBy(s => Array.IndexOf(SizeOrder, s)).ToList();
        foreach (var runner in rows.Select(r => r.Runner).Distinct().Order())
        {
            for (var s = 0; s < sizes.Count; s++)
            {
                var points = rows.Where(r => r.Runner == runner && r.Size == sizes[s]).OrderBy(x).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var scatter = plot.Add.Scatter(
                    points.Select(p => Math.Log2(x(p))).ToArray(),
                    points.Select(p => Math.Log10(p.TokensPerSecond)).ToArray());
                scatter.LegendText = $"{runner} {sizes[s]}";
                scatter.Color = palette.GetColor(s);
                scatter.LineWidth = 2;
                scatter.MarkerSize = 7;
                scatter.LinePattern = runner.StartsWith("onnxruntime", StringComparison.Ordinal) ? LinePattern.Dashed
                    : runner.Contains("thread", StringComparison.Ordinal) ? LinePattern.Dotted : LinePattern.Solid;
                scatter.MarkerShape = runner.StartsWith("onnxruntime", StringComparison.Ordinal) ? MarkerShape.OpenSquare : MarkerShape.FilledCircle;
            }
        }

        var xs = rows.Select(x).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks([.. xs.Select(v => Math.Log2(v))], [.. xs.Select(v => v.ToString(CultureInfo.InvariantCulture))]);
        var decades = Enumerable.Range(0, 6).SelectMany(e => new[] { 1, 2, 5 }.Select(m => m * Math.Pow(10, e))).ToArray();
        plot.Axes.Left.SetTicks([.. decades.Select(Math.Log10)], [.. decades.Select(v => v.ToString("0", CultureInfo.InvariantCulture))]);
        plot.XLabel(xLabel);
        plot.YLabel("generated tokens/s (log)");
        plot.Title(title);
        if (legend)
        {
            // One legend for both panels (same colours and line styles), outside the data.
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            plot.HideLegend();
        }
        plot.Axes.AutoScale();
        plot.Axes.Margins(0.08, 0.1);
    }

    private sealed record Row(string Runner, string Size, int Context, int Batch, double TokensPerSecond)
    {
        public static Row Parse(string line)
        {
            var f = line.Split(',');
            return new Row(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[9], CultureInfo.InvariantCulture));
        }
    }
}
