using Frugal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Frugal.Tests.Budgets;

/// <summary>
/// The overshoot bound under concurrency: 200 simultaneous SDK calls against a nearly exhausted budget.
/// Every call reserves its worst case before it is sent, so the settled spend never passes the limit
/// (the stated bound is limit + the largest single reservation), and every admitted call is in the ledger.
/// </summary>
public sealed class BudgetConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const decimal Limit = 0.0005m;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await BudgetTesting.StartAsync($$"""
        { "limits": [ { "id": "tight", "scope": "global", "window": "daily", "usd": {{Limit}} } ] }
        """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Two_hundred_concurrent_calls_never_spend_more_than_the_budget_and_every_admitted_call_is_in_the_ledger()
    {
        var client = _gateway.ChatClient("gpt-4o-mini");
        // Bring the budget near exhaustion first (sequentially), so the burst fights over the last few cents.
        var warmUp = 0;
        var warmSpend = 0m;
        while (warmSpend < Limit * 0.75m && warmUp < 100)
        {
            var (status, _, result) = await BudgetTesting.CallAsync(client, $"warm-up {warmUp}", maxTokens: 30);
            Assert.Equal(200, status);
            warmUp++;
            var usage = result!.Value.Usage;
            warmSpend += ((usage.InputTokenCount * 0.15m) + (usage.OutputTokenCount * 0.60m)) / 1_000_000m; // gpt-4o-mini's catalog price
        }

        await LedgerRows.FlushAsync(_gateway);
        var spentBefore = (await LedgerRows.ReadAsync(_gateway.DataDir)).Sum(r => r.Usd("cost_nusd") ?? 0m);

        var calls = Enumerable.Range(0, 200).Select(i => BudgetTesting.CallAsync(client, $"burst {i}", maxTokens: 30)).ToArray();
        var results = await Task.WhenAll(calls);

        var admitted = results.Count(r => r.Status == 200);
        var refused = results.Where(r => r.Status != 200).ToList();
        Assert.True(admitted > 0, "some calls must fit in what is left");
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Equal((429, "budget_exceeded"), (r.Status, r.Code)));

        var rows = await LedgerRows.WaitForAsync(_gateway, warmUp + 200);
        var ok = rows.Where(r => r.Long("status") == 200).ToList();
        Assert.Equal(warmUp + admitted, ok.Count); // every admitted call was recorded, once
        Assert.Equal(warmUp + 200, rows.Count);
        var spent = ok.Sum(r => r.Usd("cost_nusd") ?? 0m);
        // The largest single reservation: counted prompt (≤ 20 tokens here) × $0.15/M + 30 output × $0.60/M.
        var largestReservation = (20 * 0.15m + 30 * 0.60m) / 1_000_000m;
        output.WriteLine($"limit ${Limit}, spent before burst ${spentBefore} ({warmUp} calls), after ${spent}; burst admitted {admitted}/200; overshoot ${spent - Limit}; largest reservation ${largestReservation}");
        Assert.True(spent <= Limit + largestReservation, $"spent {spent} > limit {Limit} + {largestReservation}");
        Assert.True(spent <= Limit, $"with exact prompt counts and max_tokens honoured the spend stays within the limit itself: {spent}");
        Assert.True(spent > spentBefore, "the burst's admitted calls were billed");
    }
}
