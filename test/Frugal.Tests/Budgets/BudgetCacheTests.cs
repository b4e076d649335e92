using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Budgets;

/// <summary>A cache hit costs nothing, so it reserves nothing: it is served even when the budget cannot pay for a new call.</summary>
public sealed class BudgetCacheTests
{
    [Fact]
    public async Task A_cache_hit_is_served_when_what_is_left_would_not_pay_for_a_new_call()
    {
        await using var gateway = await BudgetTesting.StartAsync(
            """{ "limits": [ { "id": "small", "scope": "global", "window": "daily", "usd": 0.000012 } ] }""",
            """, "cache": { "enabled": true, "ttlSeconds": 600 }""");
        var client = gateway.ChatClient("gpt-4o-mini");

        var miss = await BudgetTesting.CallAsync(client, "cache me");
        var fresh = await BudgetTesting.CallAsync(client, "a new question");
        var hit = await BudgetTesting.CallAsync(client, "cache me");

        Assert.Equal(200, miss.Status);
        Assert.Equal((429, "budget_exceeded"), (fresh.Status, fresh.Code));
        Assert.Equal(200, hit.Status);
        Assert.Equal("hit", BudgetTesting.Header(hit.Result!, "x-frugal-cache"));
        var rows = await LedgerRows.WaitForAsync(gateway, 3);
        Assert.Equal(0m, rows[2].Usd("cost_nusd"));
    }
}
