namespace Frugal.Core.Accounting.Reports;

/// <summary>
/// Totals for one group. <see cref="CostUsd"/> sums the priced requests only;
/// <see cref="UnpricedRequests"/> says how many had no price, so an unknown cost is never
/// mistaken for $0.
/// </summary>
public sealed record ReportRow
{
    public required string Group { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    public long InputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long CacheWriteTokens { get; init; }
    public long OutputTokens { get; init; }
    public long ReasoningTokens { get; init; }
    public decimal CostUsd { get; init; }
    public long UnpricedRequests { get; init; }
    public long CacheHits { get; init; }
    public decimal SavedUsd { get; init; }
    public IReadOnlyDictionary<SavingReason, decimal> SavedByReason { get; init; } = new Dictionary<SavingReason, decimal>();
    public double AverageLatencyMs { get; init; }

    /// <summary>Estimated money the varying start of system prompts cost (cache reads it prevented); see the prompt-cache stage.</summary>
    public decimal VaryingPrefixUsd { get; init; }

    /// <summary>Share of requests answered by Frugal's caches.</summary>
    public double CacheHitRate => Requests == 0 ? 0 : (double)CacheHits / Requests;
}
