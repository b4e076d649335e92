using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.Budgets;

/// <summary>
/// The price of one call as a function of its output: counted prompt tokens plus N output tokens per
/// choice, priced like the ledger prices it (long-context tiers included). Used to reserve the worst
/// case and to find how many output tokens a smaller grant still pays for.
/// Every number here may come from a client (<c>max_tokens</c> up to int.MaxValue, <c>n</c>): token counts
/// are clamped to [0, int.MaxValue] per choice, products are computed in long (at most 2^31 × 2^31 &lt; 2^63),
/// and a price × tokens beyond decimal's range saturates at <see cref="decimal.MaxValue"/> instead of throwing.
/// </summary>
public sealed record CallCostEstimate(ModelPrice Price, long InputTokens, int Choices)
{
    public decimal Cost(long outputTokensPerChoice)
    {
        var perChoice = Math.Clamp(outputTokensPerChoice, 0, int.MaxValue);
        var output = perChoice * Math.Max(1, Choices); // ≤ 2^31 × 2^31: no long overflow
        try
        {
            return CostCalculator.Compute(Price, new TokenUsage(Math.Max(0, InputTokens), 0, 0, 0, output, 0)).TotalUsd;
        }
        catch (OverflowException)
        {
            return decimal.MaxValue; // more than any budget: reserving it grants what is left, which is the right answer
        }
    }

    /// <summary>
    /// The most output tokens per choice (at most <paramref name="max"/>) that <paramref name="usd"/> pays for; 0 if none.
    /// A binary search in long arithmetic: at most 32 price computations whatever <paramref name="max"/> is.
    /// </summary>
    public int AffordableOutput(decimal usd, int max)
    {
        if (max <= 0)
        {
            return 0;
        }

        if (Cost(max) <= usd)
        {
            return max;
        }

        long low = 0, high = max; // Cost(low) <= usd is not known yet for low = 0; checked by the caller's minimum
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2); // long: cannot overflow for high ≤ int.MaxValue
            if (Cost(middle) <= usd)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return (int)low;
    }
}
