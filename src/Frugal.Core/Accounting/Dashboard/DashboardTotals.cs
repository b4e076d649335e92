namespace Frugal.Core.Accounting.Dashboard;

/// <summary>Totals of the period (all models).</summary>
public sealed record DashboardTotals(
    long Requests, long Errors, decimal CostUsd, decimal SavedUsd, long InputTokens, long OutputTokens,
    long CacheHits, long SemanticCacheHits, long CacheLookups, long Unpriced);
