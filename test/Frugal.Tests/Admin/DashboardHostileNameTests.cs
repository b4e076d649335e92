using System.Text.Json;
using Frugal.Tests.Dashboard;
using Frugal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Frugal.Tests.Admin;

/// <summary>
/// Issue #19 item 7 in a real browser: a model name that is markup (asked for by a client, recorded in the ledger under
/// that name, shown in the dashboard's recent requests, filters and rankings) is shown as text and never runs.
/// </summary>
public sealed class DashboardHostileNameTests
{
    private const string AdminVariable = "FRUGAL_TEST_HOSTILE_DASHBOARD_ADMIN_KEY";
    private const string AdminKey = "hostile-dashboard-admin";
    private const string Markup = "<img src=x onerror=\"window.pwned=1\"><svg onload=\"window.pwned=2\">";

    [Trait("Category", "Slow")]
    [ChromiumFact]
    public async Task A_model_name_made_of_markup_is_shown_as_text_and_never_runs()
    {
        Environment.SetEnvironmentVariable(AdminVariable, AdminKey);
        await using var gateway = await TestGateway.StartAsync(adminKeyEnv: AdminVariable);
        using (var response = await gateway.PostJsonAsync("/v1/chat/completions", JsonSerializer.Serialize(new { model = Markup, messages = new[] { new { role = "user", content = "hi" } } })))
        {
            Assert.Equal(404, (int)response.StatusCode);
        }

        using (var ok = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        var rows = await LedgerRows.WaitForAsync(gateway, 2);
        var hostileId = rows.Single(r => r.Text("requested_model") == Markup).Text("request_id");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;
        await page.GotoAsync(new Uri(gateway.BaseUri, $"/dashboard?key={AdminKey}").AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-loaded]", new() { Timeout = 15_000 });

        Assert.Equal(Markup, await page.Locator($"#recent tr[data-request-id='{hostileId}'] .route").TextContentAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        Assert.Equal(0, await page.Locator("img[src='x'], #recent svg").CountAsync());
        Assert.Equal(0, dialogs);
    }
}
