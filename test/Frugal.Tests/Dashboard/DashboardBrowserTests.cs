using System.Globalization;
using Frugal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless, driven by Playwright): after known traffic, the
/// charts, totals and tables show what ledger.db holds. Expected values are read from the ledger with SQL.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = ChromiumFactAttribute.Path;

    [Trait("Category", "Slow")]
    [ChromiumFact]
    public async Task The_dashboard_shows_what_the_ledger_holds()
    {
        await using var traffic = await DashboardTraffic.StartAsync();
        await traffic.SendAsync();
        var rows = await LedgerRows.ReadAsync(traffic.Gateway.DataDir);
        Assert.Equal(6, rows.Count);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var origins = new List<string>();
        page.Request += (_, request) => origins.Add(new Uri(request.Url).GetLeftPart(UriPartial.Authority));

        // ?key= signs in: the gateway sets the HttpOnly cookie and redirects to /dashboard without the key.
        var response = await page.GotoAsync(new Uri(traffic.Gateway.BaseUri, $"/dashboard?key={DashboardTraffic.AdminKey}").AbsoluteUri);
        Assert.Equal(200, response!.Status);
        Assert.EndsWith("/dashboard", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("body[data-loaded]", new() { Timeout = 15_000 });
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "frugal_dashboard");
        Assert.True(cookie.HttpOnly);

        // Totals.
        var totalCost = rows.Sum(r => r.Usd("cost_nusd") ?? 0);
        Assert.True(totalCost > 0);
        AssertMoney(totalCost, await page.TextContentAsync("#kpi-spend"));
        AssertMoney(rows.Sum(r => r.Usd("saved_nusd") ?? 0), await page.TextContentAsync("#kpi-saved"));
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#kpi-requests"));
        var hits = rows.Count(r => r.Text("cache_outcome") is "hit" or "semantic-hit");
        var lookups = rows.Count(r => r.Text("cache_outcome") is "hit" or "semantic-hit" or "miss");
        Assert.Equal(1, hits);
        Assert.Equal((100.0 * hits / lookups).ToString("F1", CultureInfo.InvariantCulture) + "%", await page.TextContentAsync("#kpi-hit-rate"));

        // Savings split (issue #14): Frugal's own savings apart from the provider's prompt-cache discount, each with its baseline.
        var providerDiscount = rows.Sum(r => r.Usd("saved_provider_cache_nusd") ?? 0);
        Assert.True(providerDiscount > 0);
        var frugalSaved = rows.Sum(r => r.Usd("saved_nusd") ?? 0) - providerDiscount;
        Assert.True(frugalSaved > 0);
        AssertMoney(frugalSaved, await page.TextContentAsync("#split-frugal"));
        AssertMoney(providerDiscount, await page.TextContentAsync("#split-provider"));
        AssertMoney(totalCost + frugalSaved, await page.TextContentAsync("#split-would"));
        AssertMoney(totalCost, await page.TextContentAsync("#split-paid"));
        Assert.Equal((100 * frugalSaved / (totalCost + frugalSaved)).ToString("F1", CultureInfo.InvariantCulture) + "%", await page.TextContentAsync("#split-percent"));
        Assert.Contains("the upstream call it replaced", await page.TextContentAsync("#split-frugal-rows tr[data-reason='cache'] .baseline"), StringComparison.Ordinal);
        Assert.Contains("strongest target", await page.TextContentAsync("#split-frugal-rows tr[data-reason='routing'] .baseline"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#split-frugal-rows tr[data-reason='provider_cache']").CountAsync());
        Assert.Contains("with or without Frugal", await page.TextContentAsync("#split-provider-baseline"), StringComparison.Ordinal);

        // Spend chart: a legend entry and bars per model, with the ledger's per-model spend.
        foreach (var model in rows.GroupBy(r => r.Text("model")!))
        {
            var expected = model.Sum(r => r.Usd("cost_nusd") ?? 0);
            AssertMoney(expected, await page.TextContentAsync($"#legend-spend li[data-series='{model.Key}'] .total"));
            var bars = await page.Locator($"#chart-spend rect[data-series='{model.Key}']").EvaluateAllAsync<double[]>("rs => rs.map(r => Number(r.dataset.usd))");
            Assert.Equal((double)expected, bars.Sum(), 9);
        }

        // Saved chart: the exact-cache hit saved what the call cost.
        var cacheSaved = rows.Sum(r => r.Usd("saved_cache_nusd") ?? 0);
        Assert.True(cacheSaved > 0);
        AssertMoney(cacheSaved, await page.TextContentAsync("#legend-saved li[data-series='cache'] .total"));
        Assert.True(await page.Locator("#chart-hit-rate circle").CountAsync() >= 1);

        // Rankings: keys (by id, shown with their names), teams and tags.
        foreach (var key in rows.GroupBy(r => r.Text("key_id")!))
        {
            var row = page.Locator($"#top-keys tr[data-name='{key.Key}']");
            AssertMoney(key.Sum(r => r.Usd("cost_nusd") ?? 0), await row.Locator(".cost").TextContentAsync());
            Assert.Equal(key.Count().ToString(CultureInfo.InvariantCulture), await row.Locator(".requests").TextContentAsync());
            Assert.Contains(key.First().Text("key_name")!, await row.Locator(".name").TextContentAsync(), StringComparison.Ordinal);
        }

        foreach (var team in rows.GroupBy(r => r.Text("team")!))
        {
            AssertMoney(team.Sum(r => r.Usd("cost_nusd") ?? 0), await page.Locator($"#top-teams tr[data-name='{team.Key}'] .cost").TextContentAsync());
        }

        AssertMoney(rows.Where(r => r.Text("tags")!.Contains("\"odoo\"", StringComparison.Ordinal)).Sum(r => r.Usd("cost_nusd") ?? 0),
            await page.Locator("#top-tags tr[data-name='odoo'] .cost").TextContentAsync());

        // Latency percentiles cover every request; the budget panel says there are none.
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#latency tr[data-metric='latency'] .count"));
        Assert.Equal("no budgets configured", await page.TextContentAsync("[data-testid='no-budgets']"));

        // Recent requests: every ledger row, with its route, model, cache outcome and tokens.
        foreach (var row in rows)
        {
            var tr = page.Locator($"#recent tr[data-request-id='{row.Text("request_id")}']");
            Assert.Equal(row.Text("requested_model"), await tr.Locator(".route").TextContentAsync());
            Assert.Equal(row.Text("model"), await tr.Locator(".model").TextContentAsync());
            Assert.Equal(row.Text("cache_outcome"), await tr.Locator(".cache").TextContentAsync());
            Assert.Equal(row.Long("output_tokens").ToString("N0", CultureInfo.InvariantCulture), await tr.Locator(".out").TextContentAsync());
            AssertMoney(row.Usd("cost_nusd") ?? 0, await tr.Locator(".cost").TextContentAsync());
        }

        // Filtering the table by model shows exactly that model's rows.
        var loaded = await page.GetAttributeAsync("body", "data-loaded");
        await page.SelectOptionAsync("#filters [name=model]", "claude-sonnet-4");
        await page.WaitForFunctionAsync($"() => document.body.dataset.loaded !== '{loaded}'", null, new() { Timeout = 10_000 });
        var shown = await page.Locator("#recent tbody tr").EvaluateAllAsync<string[]>("trs => trs.map(t => t.dataset.requestId)");
        Assert.Equal(rows.Where(r => r.Text("model") == "claude-sonnet-4").Select(r => r.Text("request_id")).Order(), shown.Order());

        // The last hour (a fresh demo's period) holds every row just sent.
        await page.SelectOptionAsync("#filters [name=model]", string.Empty);
        loaded = await page.GetAttributeAsync("body", "data-loaded");
        await page.SelectOptionAsync("#period", "1h");
        await page.WaitForFunctionAsync($"() => document.body.dataset.loaded !== '{loaded}'", null, new() { Timeout = 10_000 });
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#kpi-requests"));
        AssertMoney(frugalSaved, await page.TextContentAsync("#split-frugal"));

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.SelectOptionAsync("#filters [name=model]", string.Empty);
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "dashboard.png"), FullPage = true });

        // Offline: the page loaded nothing from anywhere but the gateway.
        Assert.All(origins, origin => Assert.Equal(traffic.Gateway.BaseUri.GetLeftPart(UriPartial.Authority), origin));
    }

    /// <summary>The page shows dollars with 6 places (2 from $1): equal to the ledger's exact sum within that rounding.</summary>
    private static void AssertMoney(decimal expected, string? shown)
    {
        Assert.NotNull(shown);
        var value = decimal.Parse(shown.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture);
        var places = Math.Abs(expected) >= 1 ? 0.005m : 0.0000005m;
        Assert.True(Math.Abs(value - expected) <= places + 0.0000000001m, $"page shows {shown}, ledger holds {expected}");
    }
}
