using System.Net.Http.Headers;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Dashboard;

/// <summary>With the real budgets feature on, the dashboard's budget gauges and /metrics show its utilisation and fired alerts.</summary>
public sealed class BudgetGaugeTests
{
    [Fact]
    public async Task Budgets_appear_as_gauges_with_fired_alerts_and_as_a_metric()
    {
        await using var traffic = await DashboardTraffic.StartAsync("""
            , "budgets": { "storage": "sqlite", "refreshSeconds": 1, "defaultMaxOutputTokens": 64,
                "limits": [ { "id": "all-daily", "scope": "global", "window": "daily", "usd": 0.05, "thresholds": [ { "at": 0.01, "action": "alert" } ] } ] }
            """);
        await traffic.SendAsync();
        var spent = (await LedgerRows.ReadAsync(traffic.Gateway.DataDir)).Sum(r => r.Usd("cost_nusd") ?? 0);
        Assert.True(spent >= 0.0005m, $"the traffic must cross the threshold: spent {spent}");

        var budget = await Eventually.UntilAsync( // settlement and alerts are asynchronous: bounded wait
            async () =>
            {
                using var summary = JsonDocument.Parse(await GetAsync(traffic, "/admin/dashboard/summary?period=24h"));
                return summary.RootElement.GetProperty("budgets").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "all-daily").Clone();
            },
            b => b.GetProperty("firedAlerts").GetArrayLength() > 0 && b.GetProperty("spentUsd").GetDecimal() >= spent);

        Assert.Equal(spent, budget.GetProperty("spentUsd").GetDecimal());
        Assert.Equal(0.05m, budget.GetProperty("limitUsd").GetDecimal());
        var alert = Assert.Single(budget.GetProperty("firedAlerts").EnumerateArray());
        Assert.Equal("alert", alert.GetProperty("action").GetString());

        var metrics = new PrometheusText(await GetAsync(traffic, "/metrics"));
        Assert.Equal("gauge", metrics.Types["frugal_budget_utilisation"]);
        Assert.True(metrics.Has("frugal_budget_utilisation"));
        Assert.InRange(metrics.Sum("frugal_budget_utilisation"), (double)(spent / 0.05m) * 0.99, (double)(spent / 0.05m) * 1.01);
    }

    private static async Task<string> GetAsync(DashboardTraffic traffic, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DashboardTraffic.AdminKey);
        using var response = await traffic.Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }
}
