using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.Budgets;

/// <summary>
/// The price of one call as a function of its output: counted prompt tokens plus N output tokens per
/// choice, priced like the ledger prices it (long-context tiers included). Used to reserve the worst
/// case and to find how many output tokens a smaller grant still pays for.
/// </summary>
public sealed record CallCostEstimate(ModelPrice Price, long InputTokens, int Choices)
{
    public decimal Cost(long outputTokensPerChoice)
        => CostCalculator.Compute(Price, new TokenUsage(InputTokens, 0, 0, 0, outputTokensPerChoice * Choices, 0)).TotalUsd;

    /// <summary>The most output tokens per choice (at most <paramref name="max"/>) that <paramref name="usd"/> pays for; 0 if none.</summary>
    public int AffordableOutput(decimal usd, int max)
    {
        if (Cost(max) <= usd)
        {
            return max;
        }

        int low = 0, high = max; // Cost(low) <= usd is not known yet for low = 0; checked by the caller's minimum
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (Cost(middle) <= usd)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
