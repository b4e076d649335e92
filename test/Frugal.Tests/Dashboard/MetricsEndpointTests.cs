using System.Net.Http.Headers;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Dashboard;

/// <summary><c>GET /metrics</c> after known traffic: the Prometheus values match the traffic and the ledger.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_count_requests_tokens_cost_savings_cache_and_latency_of_the_traffic()
    {
        await using var traffic = await DashboardTraffic.StartAsync();
        await traffic.SendAsync();
        var rows = await LedgerRows.ReadAsync(traffic.Gateway.DataDir);

        var metrics = new PrometheusText(await ScrapeAsync(traffic, DashboardTraffic.AdminKey));

        Assert.Equal("counter", metrics.Types["frugal_requests_total"]);
        Assert.Equal(6, metrics.Sum("frugal_requests_total"));
        Assert.Equal(4, metrics.Sum("frugal_requests_total", ("model", "gpt-4o-mini")));
        Assert.Equal(2, metrics.Sum("frugal_requests_total", ("model", "claude-sonnet-4"), ("provider", "mock-anthropic"), ("team", "support"), ("status", "200")));
        Assert.Equal(3, metrics.Sum("frugal_requests_total", ("key", traffic.SalesKeyId), ("team", "sales")));

        Assert.Equal(rows.Sum(r => r.Long("input_tokens")), metrics.Sum("frugal_tokens_total", ("direction", "input")));
        Assert.Equal(rows.Sum(r => r.Long("output_tokens")), metrics.Sum("frugal_tokens_total", ("direction", "output")));
        foreach (var model in rows.GroupBy(r => r.Text("model")!))
        {
            Assert.Equal((double)model.Sum(r => r.Usd("cost_nusd") ?? 0), metrics.Sum("frugal_cost_usd_total", ("model", model.Key)), 9);
        }

        Assert.Equal((double)rows.Sum(r => r.Usd("saved_cache_nusd") ?? 0), metrics.Sum("frugal_saved_usd_total", ("reason", "cache")), 9);
        Assert.Equal(1, metrics.Sum("frugal_request_cache_outcome_total", ("outcome", "hit")));
        Assert.Equal(5, metrics.Sum("frugal_request_cache_outcome_total", ("outcome", "miss")));
        Assert.Equal(0, metrics.Sum("frugal_upstream_errors_total"));

        Assert.Equal("histogram", metrics.Types["frugal_request_duration_milliseconds"]);
        Assert.Equal(6, metrics.Sum("frugal_request_duration_milliseconds_count"));
        Assert.Equal(6, metrics.Sum("frugal_request_duration_milliseconds_bucket", ("le", "+Inf")));
        Assert.Equal(rows.Sum(r => Convert.ToDouble(r["latency_ms"], System.Globalization.CultureInfo.InvariantCulture)), metrics.Sum("frugal_request_duration_milliseconds_sum"), tolerance: 1e-6); // a tolerance, not rounding: 24.1595 and 24.15949999 round apart

        // Instruments registered by other features on the same meter are exported too.
        Assert.Equal(6, metrics.Sum("frugal_ledger_entries_written_total"));
    }

    [Fact]
    public async Task Upstream_failures_are_counted_by_provider_and_status()
    {
        await using var traffic = await DashboardTraffic.StartAsync();
        using var response = await traffic.Gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"boom [[fault:503:times=9]]"}]}""", bearer: null);
        Assert.Equal(401, (int)response.StatusCode); // keys mode: no key

        await traffic.SendAsync();
        var store = new Frugal.Storage.Sqlite.SqliteKeyStore(new Frugal.Storage.Sqlite.SqliteDatabase(Path.Combine(traffic.Gateway.DataDir, "frugal.db")));
        var (_, key) = await Frugal.Core.Admission.VirtualKeys.CreateAsync(store, "faulty", null, [], TimeProvider.System, CancellationToken.None);
        using var failed = await traffic.Gateway.PostJsonAsync("/v1/chat/completions",
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"boom [[fault:503:times=9]]"}]}""", bearer: key);
        var status = (int)failed.StatusCode;
        Assert.True(status >= 500, $"expected a 5xx after the retries, got {status}");

        var metrics = new PrometheusText(await ScrapeAsync(traffic, DashboardTraffic.AdminKey));

        Assert.Equal(1, metrics.Sum("frugal_upstream_errors_total", ("provider", "mock"), ("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(1, metrics.Sum("frugal_requests_total", ("status", "401")));
    }

    private static async Task<string> ScrapeAsync(DashboardTraffic traffic, string? adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (adminKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        }

        using var response = await traffic.Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return text;
    }
}
