using System.Text;
using System.Text.Json;
using Frugal.Core.Diagnostics;
using Frugal.Tests.Dashboard;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Telemetry;

/// <summary>
/// Issue #12, finding 4: model names are client text, and every distinct one used to become new series on /metrics
/// (60,000 names: a 309 MB scrape, 2.7 GB process), with raw CR and NUL bytes in label values. Over HTTP against a
/// running gateway: the series count does not grow with the number of distinct unknown names, and every line of
/// the body is valid Prometheus text.
/// </summary>
public sealed class MetricsCardinalityTests
{
    private const string OpenMetrics = """, "telemetry": { "metricsAccess": "open" }""";

    [Fact]
    public async Task Distinct_unknown_model_names_add_no_series_and_every_line_is_valid_prometheus_text()
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: OpenMetrics);

        // Names the gateway knows keep their own label: a configured model and provider/catalog-id.
        await SendAsync(gateway, "gpt-4o-mini");
        await SendAsync(gateway, "mock/gpt-4o-mini");
        for (var i = 0; i < 60; i++)
        {
            await SendAsync(gateway, HostileName(i));
        }

        await LedgerRows.FlushAsync(gateway); // frugal_ledger_entries_written appears with the first committed batch: not between scrapes
        var first = await ScrapeAsync(gateway);
        for (var i = 60; i < 360; i++)
        {
            await SendAsync(gateway, HostileName(i));
        }

        await LedgerRows.FlushAsync(gateway);
        var second = await ScrapeAsync(gateway);
        var text = Encoding.UTF8.GetString(second);

        Assert.Empty(PrometheusTextValidator.Problems(first));
        Assert.Empty(PrometheusTextValidator.Problems(second));

        // 300 more distinct names, not one more series: the count is constant in the number of names.
        var before = Encoding.UTF8.GetString(first);
        Assert.Equal(PrometheusTextValidator.CountSamples(before, "frugal_requests_total"), PrometheusTextValidator.CountSamples(text, "frugal_requests_total"));
        Assert.Equal(PrometheusTextValidator.CountSamples(before), PrometheusTextValidator.CountSamples(text));
        Assert.True(second.Length < first.Length + 2048, $"/metrics grew from {first.Length} to {second.Length} bytes");

        var metrics = new PrometheusText(text);
        Assert.Equal(360, metrics.Sum("frugal_requests_total", ("model", MetricModelNames.Other)));
        Assert.Equal(1, metrics.Sum("frugal_requests_total", ("model", "gpt-4o-mini")));
        Assert.Equal(1, metrics.Sum("frugal_requests_total", ("model", "mock/gpt-4o-mini")));
        Assert.Equal(362, metrics.Sum("frugal_requests_total"));
        Assert.True(metrics.Sum("frugal_price_missing_total", ("model", MetricModelNames.Other)) > 0, "provider/unknown calls are billed without a price and counted as other");
        foreach (var fragment in new[] { "hostile", "unknown-", "evil", "模型", "gpt-4o-mini-2" })
        {
            Assert.DoesNotContain(fragment, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unauthenticated_requests_are_counted_by_reason_only()
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: OpenMetrics);
        var metrics = gateway.App.Services.GetRequiredService<FrugalMetrics>();

        metrics.CountUnauthenticated(UnauthenticatedReasons.MissingKey);
        metrics.CountUnauthenticated(UnauthenticatedReasons.MissingKey);
        metrics.CountUnauthenticated(UnauthenticatedReasons.InvalidKey);
        metrics.CountUnauthenticated(UnauthenticatedReasons.Revoked);
        metrics.CountUnauthenticated("fk-presented-secret-key\r\n"); // never a label: folded into "other"

        var body = await ScrapeAsync(gateway);
        Assert.Empty(PrometheusTextValidator.Problems(body));
        var text = Encoding.UTF8.GetString(body);
        var scraped = new PrometheusText(text);
        Assert.Equal("counter", scraped.Types["frugal_requests_unauthenticated_total"]);
        Assert.Equal(2, scraped.Sum("frugal_requests_unauthenticated_total", ("reason", "missing_key")));
        Assert.Equal(1, scraped.Sum("frugal_requests_unauthenticated_total", ("reason", "invalid_key")));
        Assert.Equal(1, scraped.Sum("frugal_requests_unauthenticated_total", ("reason", "revoked")));
        Assert.Equal(1, scraped.Sum("frugal_requests_unauthenticated_total", ("reason", "other")));
        Assert.Equal(5, scraped.Sum("frugal_requests_unauthenticated_total"));
        Assert.DoesNotContain("fk-presented", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Six shapes in turn, so the first 60 names already show every status and label combination: unknown names (404)
    /// with CR, LF, NUL, quotes, backslashes and non-ASCII, and provider/model names that reach the upstream
    /// (ASCII only: a model name also goes into the x-frugal-model response header).
    /// </summary>
    private static string HostileName(int i) => (i % 6) switch
    {
        0 => $"unknown-{i}",
        1 => $"evil\r\n{i}\0\"\\",
        2 => $"模型-{i}-é\u0085\u2028",
        3 => $"mock/hostile-{i}\"\\",
        4 => $"mock/gpt-4o-mini-{i}",
        _ => $"evil-{i}-{new string('x', 2000)}\r",
    };

    private static async Task SendAsync(TestGateway gateway, string model)
    {
        var json = $$"""{"model":{{JsonSerializer.Serialize(model)}},"messages":[{"role":"user","content":"hi"}]}""";
        using var response = await gateway.PostJsonAsync("/v1/chat/completions", json);
        _ = await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<byte[]> ScrapeAsync(TestGateway gateway)
    {
        using var response = await gateway.Http.GetAsync("/metrics");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        return body;
    }
}
