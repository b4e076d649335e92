using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using Microsoft.Playwright;
using OpenAI.Chat;

namespace Frugal.Tests.Dashboard;

/// <summary>
/// Issue #18 item 5, "see it": requests with personal data through the gateway (privacy on, keys mode), then the
/// dashboard in a real browser (Debian's chromium) shows the "Personal data masked" panel per entity type by route
/// and by key, read from the hourly rollups; a key name with markup is shown as text.
/// </summary>
public sealed class PiiDashboardTests
{
    private const string AdminKey = "frugal-admin-test-key-1818";
    private const string Privacy = """, "privacy": { "enabled": true }""";

    [Trait("Category", "Slow")]
    [ChromiumFact]
    public async Task The_pii_panel_shows_counts_per_type_by_route_and_key()
    {
        var adminKeyEnv = "FRUGAL_TEST_ADMIN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(adminKeyEnv, AdminKey);
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: adminKeyEnv, extraJson: Privacy);
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(gateway.DataDir, "frugal.db")));
        var (_, crm) = await VirtualKeys.CreateAsync(store, "<b>crm</b>", "sales", [], TimeProvider.System, CancellationToken.None);

        await gateway.ChatClient("gpt-4o-mini", crm).CompleteChatAsync([new UserChatMessage("Mail a@example.com and b@example.org")]);
        await gateway.ChatClient("claude-sonnet-4", crm).CompleteChatAsync([new UserChatMessage("Mail c@example.com, call 13812345678")]);
        await gateway.ChatClient("gpt-4o-mini", crm).CompleteChatAsync([new UserChatMessage("Nothing personal here")]);
        await LedgerRows.WaitForAsync(gateway, 3);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(gateway.BaseUri, $"/dashboard?key={AdminKey}").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-loaded]", new() { Timeout = 15_000 });

        async Task AssertRow(string scope, string name, string entity, string values, string requests)
        {
            var tr = page.Locator($"#pii tr[data-scope='{scope}'][data-name='{name}'][data-entity='{entity}']");
            Assert.Equal(1, await tr.CountAsync());
            Assert.Equal(name, await tr.Locator(".name").TextContentAsync());
            Assert.Equal(values, await tr.Locator(".values").TextContentAsync());
            Assert.Equal(requests, await tr.Locator(".requests").TextContentAsync());
        }

        await AssertRow("route", "gpt-4o-mini", "EMAIL_ADDRESS", "2", "1");
        await AssertRow("route", "claude-sonnet-4", "EMAIL_ADDRESS", "1", "1");
        await AssertRow("route", "claude-sonnet-4", "PHONE_NUMBER", "1", "1");
        await AssertRow("key", "<b>crm</b>", "EMAIL_ADDRESS", "3", "2");
        await AssertRow("key", "<b>crm</b>", "PHONE_NUMBER", "1", "1");
        Assert.Equal(5, await page.Locator("#pii tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("#pii b").CountAsync()); // the key's name is text, not markup

        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.Locator("#pii-panel").ScreenshotAsync(new() { Path = Path.Combine(artifacts, "pii-panel.png") });
    }
}
