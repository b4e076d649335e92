using System.Globalization;
using Frugal.Core.Admission;
using Frugal.MockUpstream;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using Frugal.Tests.PromptCache;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OpenAI.Chat;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// Issue #16's "see it": Anthropic-kind calls through the gateway with the prompt-cache stage on, against the
/// MockUpstream that simulates provider caching, then the dashboard in a real browser (Debian's chromium) shows the
/// provider-cache panel per route and model with the ledger's figures: cached share, saved, write premium, and the
/// share of calls whose prefix reached the model's minimum. Expected values are read from ledger.db with SQL.
/// </summary>
public sealed class ProviderCacheDashboardTests
{
    private const string AdminKey = "frugal-admin-test-key-1616";
    private const string Claude = "pc-anthropic/claude-sonnet-4-20250514";
    private const string StageOn = """, "promptCache": { "providers": { "pc-anthropic": "auto" } }""";

    [Trait("Category", "Slow")]
    [ChromiumFact]
    public async Task The_provider_cache_panel_shows_the_ledgers_cached_share_saving_premium_and_cacheable_share()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var adminKeyEnv = "FRUGAL_TEST_ADMIN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(adminKeyEnv, AdminKey);
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: adminKeyEnv, extraJson: StageOn, extraProviders: PromptCacheWorkload.Providers,
            mockOptions: new MockUpstreamOptions { SimulatePromptCaching = true, Time = clock }, time: clock);
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(gateway.DataDir, "frugal.db")));
        var (_, key) = await VirtualKeys.CreateAsync(store, "support-bot", "support", [], clock, CancellationToken.None);
        var client = gateway.ChatClient(Claude, key);

        // Two conversations of four turns with the support bot's ~3,000-token prompt and tools (cacheable), then two
        // calls with a one-line system prompt (below the model's 1,024-token minimum: not cacheable).
        var calls = 0;
        var options = PromptCacheWorkload.Options();
        List<List<ChatMessage>> conversations = [
            [new SystemChatMessage(PromptCacheWorkload.SystemPrompt()), new UserChatMessage("Hello, my parcel 1000 has not arrived.")],
            [new SystemChatMessage(PromptCacheWorkload.SystemPrompt()), new UserChatMessage("Hello, my parcel 1001 is damaged.")]];
        for (var turn = 0; turn < 4; turn++)
        {
            foreach (var history in conversations)
            {
                var completion = (await client.CompleteChatAsync(history, options)).Value;
                calls++;
                history.Add(new AssistantChatMessage(completion));
                foreach (var call in completion.ToolCalls)
                {
                    history.Add(new ToolChatMessage(call.Id, $"Order status, turn {turn}: in transit, expected in two days."));
                }

                if (completion.ToolCalls.Count == 0)
                {
                    history.Add(new UserChatMessage($"Thanks. Can you also check my invoice for turn {turn}?"));
                }

                clock.Advance(PromptCacheWorkload.CallSpacing);
            }
        }

        for (var i = 0; i < 2; i++)
        {
            await client.CompleteChatAsync([new SystemChatMessage("You are terse."), new UserChatMessage($"Say hello {i}")]);
            calls++;
        }

        var rows = await LedgerRows.WaitForAsync(gateway, calls);
        Assert.Equal(calls, rows.Count);
        var route = Assert.Single(rows.Select(r => r.Text("requested_model")).Distinct());
        var model = Assert.Single(rows.Select(r => r.Text("model")).Distinct());
        long Sum(string column) => rows.Sum(r => r[column] is null ? 0 : r.Long(column));
        var input = Sum("input_tokens");
        var cached = Sum("cached_input_tokens");
        var written = Sum("cache_write_5m_tokens") + Sum("cache_write_1h_tokens");
        var saved = rows.Sum(r => r.Usd("saved_provider_cache_nusd") ?? 0);
        var premium = rows.Sum(r => r.Usd("cache_write_premium_nusd") ?? 0);
        var measured = rows.Count(r => r["prompt_prefix_tokens"] is not null);
        var eligible = rows.Count(r => r["prompt_prefix_tokens"] is not null && r.Long("prompt_prefix_tokens") >= r.Long("prompt_cache_min_tokens"));
        Assert.True(cached > 0 && written > 0 && saved > 0 && premium > 0, $"cached {cached}, written {written}, saved {saved}, premium {premium}");
        Assert.Equal(calls, measured);
        Assert.Equal(8, eligible);

        // The premium booked per row is the writes at (write − input) price: $3.75 − $3.00 per 1M for 5-minute writes.
        var writes5m = Sum("cache_write_5m_tokens");
        var writes1h = Sum("cache_write_1h_tokens");
        Assert.Equal(((writes5m * 0.75m) + (writes1h * 3.00m)) / 1_000_000m, premium);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(gateway.BaseUri, $"/dashboard?key={AdminKey}").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-loaded]", new() { Timeout = 15_000 });

        var tr = page.Locator($"#provider-cache tr[data-route='{route}'][data-model='{model}']");
        Assert.Equal(1, await tr.CountAsync());
        Assert.Equal(calls.ToString(CultureInfo.InvariantCulture), await tr.Locator(".requests").TextContentAsync());
        Assert.Equal(input.ToString("N0", CultureInfo.InvariantCulture), await tr.Locator(".in").TextContentAsync());
        Assert.Equal(Percent(cached, input), await tr.Locator(".cached-share").TextContentAsync());
        Assert.Equal(written.ToString("N0", CultureInfo.InvariantCulture), await tr.Locator(".written").TextContentAsync());
        AssertMoney(saved, await tr.Locator(".saved").TextContentAsync());
        AssertMoney(premium, await tr.Locator(".premium").TextContentAsync());
        AssertMoney(saved - premium, await tr.Locator(".net").TextContentAsync());
        Assert.Equal(Percent(eligible, measured), await tr.Locator(".eligible").TextContentAsync());

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "dashboard-provider-cache.png"), FullPage = true });
        await page.Locator("#provider-cache-panel").ScreenshotAsync(new() { Path = Path.Combine(artifacts, "provider-cache-panel.png") });
    }

    private static string Percent(long part, long whole) => (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>The page shows dollars with 6 places (2 from $1): equal to the ledger's exact sum within that rounding.</summary>
    private static void AssertMoney(decimal expected, string? shown)
    {
        Assert.NotNull(shown);
        var value = decimal.Parse(shown.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture);
        var places = Math.Abs(expected) >= 1 ? 0.005m : 0.0000005m;
        Assert.True(Math.Abs(value - expected) <= places + 0.0000000001m, $"page shows {shown}, ledger holds {expected}");
    }
}
