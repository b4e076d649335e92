using Frugal.Core.Admission;
using Frugal.Core.Budgets;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Budgets;

/// <summary>The single-process store keeps no spend of its own: a restarted gateway seeds each budget from ledger.db.</summary>
public sealed class BudgetRestartTests
{
    [Fact]
    public async Task A_restarted_gateway_knows_the_windows_spend_per_team_and_tag_from_the_ledger()
    {
        const string budgets = """
            , "budgets": { "limits": [
                { "id": "team", "scope": "team", "subject": "ml", "window": "monthly", "usd": 1 },
                { "id": "tag", "scope": "tag", "subject": "odoo", "window": "rolling:7d", "usd": 1 },
                { "id": "other-team", "scope": "team", "subject": "ops", "window": "daily", "usd": 1 } ] }
            """;
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
        decimal spentBefore;
        await using (var first = await TestGateway.StartAsync(authMode: "keys", extraJson: budgets, dataDir: dataDir))
        {
            var (_, key) = await VirtualKeys.CreateAsync(first.App.Services.GetRequiredService<IKeyStore>(), "crm", "ml", ["odoo"], TimeProvider.System, CancellationToken.None);
            var client = first.ChatClient("gpt-4o-mini", key);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(200, (await BudgetTesting.CallAsync(client, $"before the restart {i}")).Status);
            }

            spentBefore = (await LedgerRows.WaitForAsync(first, 3)).Sum(r => r.Usd("cost_nusd") ?? 0m);
            Assert.Equal(spentBefore, Spent(await GetAsync(first), "team"));
        }

        await using var second = await TestGateway.StartAsync(authMode: "keys", extraJson: budgets, dataDir: dataDir);
        var status = await GetAsync(second);

        Assert.True(spentBefore > 0);
        Assert.Equal(spentBefore, Spent(status, "team"));
        Assert.Equal(spentBefore, Spent(status, "tag"));
        Assert.Equal(0m, Spent(status, "other-team"));
    }

    private static decimal Spent(IReadOnlyList<BudgetStatus> statuses, string id) => statuses.Single(b => b.Id == id).SpentUsd;

    /// <summary>What the dashboard reads (this gateway runs with keys and no admin key, so not the admin API).</summary>
    private static async Task<IReadOnlyList<BudgetStatus>> GetAsync(TestGateway gateway)
        => await gateway.App.Services.GetRequiredService<IBudgetStatusSource>().SnapshotAsync(CancellationToken.None);
}
