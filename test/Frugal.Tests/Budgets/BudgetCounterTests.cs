using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;

namespace Frugal.Tests.Budgets;

public sealed class BudgetCounterTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_rolling_window_drops_spend_hour_by_hour_as_it_moves_on()
    {
        var counter = new BudgetCounter(BudgetWindow.Rolling(2));
        counter.AddSpend(Monday, 1m);
        counter.AddSpend(Monday.AddHours(5), 2m);

        Assert.Equal(3m, counter.Spent(Monday.AddHours(47)));
        Assert.Equal(2m, counter.Spent(Monday.AddHours(48))); // 10:00 Monday left the window at 10:00 Wednesday
        Assert.Equal(0m, counter.Spent(Monday.AddHours(53)));
    }

    [Fact]
    public void A_daily_window_starts_over_at_midnight_UTC_and_reservations_are_released_on_settlement()
    {
        var counter = new BudgetCounter(BudgetWindow.Daily);
        counter.Reserve("r1", 0.5m);
        counter.Settle("r1", 0.2m, Monday);

        Assert.Equal((0.2m, 0m), (counter.Spent(Monday), counter.Reserved));
        Assert.Equal(0m, counter.Spent(Monday.Date.AddDays(1)));
    }

    [Fact]
    public void A_smaller_grant_buys_fewer_output_tokens_never_more_than_it_pays_for()
    {
        var price = new Frugal.Core.Accounting.Pricing.ModelPrice { Model = "m", InputPerMillion = 1m, CachedInputPerMillion = 1m, OutputPerMillion = 4m };
        var estimate = new Frugal.Core.Budgets.CallCostEstimate(price, InputTokens: 1000, Choices: 2);

        var tokens = estimate.AffordableOutput(0.002m, 4096);

        Assert.Equal(125, tokens); // 0.001 for the prompt, 0.001 / (2 choices × $4/M) = 125 per choice
        Assert.True(estimate.Cost(tokens) <= 0.002m);
        Assert.True(estimate.Cost(tokens + 1) > 0.002m);
        Assert.Equal(4096, estimate.AffordableOutput(1m, 4096));
    }
}
