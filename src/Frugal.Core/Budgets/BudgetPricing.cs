using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;

namespace Frugal.Core.Budgets;

/// <summary>Finds a target's price by the ledger's rule (<see cref="PriceBook.TryFindForCall"/>), so a settlement equals the ledger's cost.</summary>
public sealed class BudgetPricing(PriceBook prices, TimeProvider time)
{
    public ModelPrice? Find(RouteTarget target)
        => prices.TryFindForCall(target.Model, target.UpstreamModel, time.GetUtcNow(), out var price) ? price : null;

    /// <summary>What <paramref name="usage"/> cost on <paramref name="price"/> (0 for no usage).</summary>
    public static decimal Cost(ModelPrice price, TokenUsage usage, bool batched)
        => usage.IsEmpty ? 0m : CostCalculator.Compute(price, usage, batched).TotalUsd;
}
