using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Accounting.Reports;

namespace Frugal.Tools.Estimates;

/// <summary>
/// The spreadsheet a team would otherwise build: a workload priced on one or more models, and
/// real recorded traffic re-priced on another model.
/// </summary>
public sealed class CostEstimator(PriceBook prices, TimeProvider time)
{
    public ModelEstimate Estimate(string model, Workload workload)
    {
        if (!prices.TryFind(model, time.GetUtcNow(), out var price))
        {
            return new ModelEstimate(model, null, null, null, null, null);
        }

        var cached = (long)Math.Round(workload.InputTokens * workload.CachedShare, MidpointRounding.AwayFromZero);
        var usage = new TokenUsage(workload.InputTokens, cached, 0, 0, workload.OutputTokens, 0);
        var normal = CostCalculator.Compute(price, usage).TotalUsd;
        var batched = CostCalculator.Compute(price, usage, batch: true).TotalUsd;
        var perRequest = (normal * (1 - workload.BatchShare)) + (batched * workload.BatchShare);
        var daily = perRequest * workload.RequestsPerDay;
        return new ModelEstimate(model, perRequest, daily, daily * BillingCalendar.DaysPerMonth, daily * BillingCalendar.DaysPerMonth * 12, price.Source);
    }

    /// <summary>Re-prices every recorded call on <paramref name="model"/>, call by call (so long-context tiers apply where they did).</summary>
    public async Task<WhatIf> RepriceAsync(IAsyncEnumerable<UsageRow> calls, string model, TimeSpan window, CancellationToken cancellationToken)
    {
        if (!prices.TryFind(model, time.GetUtcNow(), out var price))
        {
            return new WhatIf(model, 0, 0, null, 0, window);
        }

        long count = 0;
        long unpriced = 0;
        decimal actual = 0;
        decimal whatIf = 0;
        await foreach (var call in calls.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (call.CostUsd is { } cost)
            {
                actual += cost;
            }
            else
            {
                unpriced++;
            }

            whatIf += CostCalculator.Compute(price, call.Usage, call.Batched).TotalUsd;
        }

        return new WhatIf(model, count, actual, whatIf, unpriced, window);
    }
}
