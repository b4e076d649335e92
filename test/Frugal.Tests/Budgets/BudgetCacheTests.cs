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

    [Fact]
    public async Task An_answer_cut_short_by_a_nearly_spent_budget_is_not_cached()
    {
        await using var gateway = await BudgetTesting.StartAsync(
            """{ "limits": [ { "id": "short", "scope": "global", "window": "daily", "usd": 0.00003 } ] }""",
            """, "cache": { "enabled": true, "ttlSeconds": 600 }""");
        var client = gateway.ChatClient("gpt-4o-mini");

        var cut = await BudgetTesting.CallAsync(client, "a long answer please [[tokens:200]]");
        Assert.Equal(200, cut.Status);
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, cut.Result!.Value.FinishReason);

        var first = (await LedgerRows.WaitForAsync(gateway, 1))[0];
        Assert.True(first.Usd("cost_nusd") < 0.00003m, "admission still passes (spend below the limit), so a stored answer would be served as a hit");

        var again = await BudgetTesting.CallAsync(client, "a long answer please [[tokens:200]]");
        Assert.Equal((429, "budget_exceeded"), (again.Status, again.Code)); // no hit: the cut answer was not stored, and a new call does not fit
    }
}
