using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sharpformers.Generation.Batching;

namespace Sharpformers.Cli.Serving;

/// <summary>
/// <c>GET /metrics</c> (with <c>serve --metrics</c>): the scheduler's <c>Sharpformers.Generation</c> instruments in the
/// Prometheus text format, gathered by a <see cref="MeterListener"/>: counters as totals, histograms as count and sum,
/// gauges read at scrape time. Names have dots replaced by underscores.
/// </summary>
internal sealed class PrometheusMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Series> _series = new();

    public PrometheusMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GenerationScheduler.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    public IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", () => Results.Text(Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var group in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal).GroupBy(s => s.Name))
        {
            var first = group.First();
            text.Append("# HELP ").Append(first.Name).Append(' ').AppendLine(first.Description);
            text.Append("# TYPE ").Append(first.Name).Append(' ').AppendLine(first.Kind switch { SeriesKind.Counter => "counter", SeriesKind.Histogram => "summary", _ => "gauge" });
            foreach (var series in group)
            {
                lock (series)
                {
                    if (series.Kind == SeriesKind.Histogram)
                    {
                        Line(text, series.Name + "_count", series.Labels, series.Count);
                        Line(text, series.Name + "_sum", series.Labels, series.Value);
                    }
                    else
                    {
                        Line(text, series.Name, series.Labels, series.Value);
                    }
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').AppendLine(value.ToString("R", CultureInfo.InvariantCulture));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : string.Empty);
        var kind = instrument switch
        {
            Counter<long> => SeriesKind.Counter,
            Histogram<int> or Histogram<double> or Histogram<long> => SeriesKind.Histogram,
            _ => SeriesKind.Gauge,
        };
        var series = _series.GetOrAdd(name + labels, _ => new Series(name, labels, kind, instrument.Description ?? instrument.Name));
        lock (series)
        {
            series.Count++;
            series.Value = kind == SeriesKind.Gauge ? value : series.Value + value;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        foreach (var tag in tags)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            text.Append(tag.Key).Append("=\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
        }

        return text.Append('}').ToString();
    }

    private enum SeriesKind
    {
        Counter,
        Histogram,
        Gauge,
    }

    private sealed class Series(string name, string labels, SeriesKind kind, string description)
    {
        public string Name { get; } = name;

        public string Labels { get; } = labels;

        public SeriesKind Kind { get; } = kind;

        public string Description { get; } = description;

        public long Count { get; set; }

        public double Value { get; set; }
    }
}
