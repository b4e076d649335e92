using System.Diagnostics.Metrics;
using System.Text;
using Frugal.Core.Diagnostics;
using Frugal.Server.Telemetry;
using Frugal.Tests.Dashboard;

namespace Frugal.Tests.Telemetry;

/// <summary>
/// Issue #12, finding 4, defence in depth: whatever an instrument is given, the exporter keeps at most its series cap
/// per instrument (the rest folded into one "other" series and counted), and writes label values that cannot break
/// the text format.
/// </summary>
public sealed class PrometheusExporterBoundsTests
{
    [Fact]
    public void An_instrument_keeps_at_most_its_series_cap_and_folds_the_rest_into_other()
    {
        using var metrics = new FrugalMetrics();
        using var exporter = new PrometheusExporter(metrics, maxSeriesPerInstrument: 50);
        var counter = metrics.Meter.CreateCounter<long>("test.things");
        var histogram = metrics.Meter.CreateHistogram<double>("test.latency", "ms");
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("model", $"m-{i}"), new KeyValuePair<string, object?>("status", "200"));
            histogram.Record(i % 100, new KeyValuePair<string, object?>("model", $"m-{i}"));
        }

        var body = Encoding.UTF8.GetBytes(exporter.Scrape());
        Assert.Empty(PrometheusTextValidator.Problems(body));
        var text = Encoding.UTF8.GetString(body);
        var scraped = new PrometheusText(text);

        Assert.Equal(51, PrometheusTextValidator.CountSamples(text, "test_things_total")); // 50 + the overflow series
        Assert.Equal(9_950, scraped.Sum("test_things_total", ("model", "other"), ("status", "other")));
        Assert.Equal(10_000, scraped.Sum("test_things_total"));
        Assert.Equal(51, PrometheusTextValidator.CountSamples(text, "test_latency_milliseconds_count"));
        Assert.Equal(10_000, scraped.Sum("test_latency_milliseconds_count"));
        Assert.Equal(9_950, scraped.Sum("frugal_metrics_series_overflow_total", ("instrument", "test_things_total")));
        Assert.Equal(9_950, scraped.Sum("frugal_metrics_series_overflow_total", ("instrument", "test_latency_milliseconds")));
        Assert.Equal("counter", scraped.Types["frugal_metrics_series_overflow_total"]);
    }

    [Fact]
    public void The_default_cap_is_ten_thousand_series_per_instrument()
    {
        using var metrics = new FrugalMetrics();
        using var exporter = new PrometheusExporter(metrics);
        var counter = metrics.Meter.CreateCounter<long>("test.things");
        for (var i = 0; i < 25_000; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("key", $"k-{i}"));
        }

        var text = exporter.Scrape();
        Assert.Equal(PrometheusExporter.DefaultMaxSeriesPerInstrument, exporter.MaxSeriesPerInstrument);
        Assert.Equal(10_001, PrometheusTextValidator.CountSamples(text, "test_things_total"));
        Assert.Equal(15_000, new PrometheusText(text).Sum("frugal_metrics_series_overflow_total"));
    }

    [Fact]
    public void Label_values_are_escaped_and_control_characters_replaced()
    {
        using var metrics = new FrugalMetrics();
        using var exporter = new PrometheusExporter(metrics);
        var counter = metrics.Meter.CreateCounter<long>("test.things");
        string[] values =
        [
            "quote\"back\\slash\nline",
            "cr\rnul\0bell\adel\u007Fnel\u0085",
            "ls\u2028ps\u2029",
            "lone\uD800surrogate\uDC00end",
            "pair😀ok 模型 é",
            new string('x', 50_000),
        ];
        foreach (var value in values)
        {
            counter.Add(1, new KeyValuePair<string, object?>("model", value));
        }

        var body = Encoding.UTF8.GetBytes(exporter.Scrape());
        Assert.Empty(PrometheusTextValidator.Problems(body));
        var text = Encoding.UTF8.GetString(body);
        var scraped = new PrometheusText(text);

        Assert.Equal(1, scraped.Sum("test_things_total", ("model", "quote\"back\\slash\nline"))); // the format's three escapes round-trip
        Assert.Equal(1, scraped.Sum("test_things_total", ("model", "cr\uFFFDnul\uFFFDbell\uFFFDdel\uFFFDnel\uFFFD")));
        Assert.Equal(1, scraped.Sum("test_things_total", ("model", "ls\uFFFDps\uFFFD")));
        Assert.Equal(1, scraped.Sum("test_things_total", ("model", "lone\uFFFDsurrogate\uFFFDend")));
        Assert.Equal(1, scraped.Sum("test_things_total", ("model", "pair😀ok 模型 é")));
        Assert.Equal(1, scraped.Sum("test_things_total", ("model", new string('x', 200) + "…")));
        Assert.True(text.Length < 4096, $"a 50,000-character label value is cut: the scrape is {text.Length} characters");
    }
}
