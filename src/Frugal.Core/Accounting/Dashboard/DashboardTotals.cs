namespace Frugal.Core.Accounting.Dashboard;

/// <summary>
/// Totals of the period (all models). <see cref="SavedUsd"/> is every saving; <see cref="FrugalSavedUsd"/> only what
/// Frugal did (caches, routing, compression, batch) and <see cref="ProviderCacheDiscountUsd"/> the provider's own
/// prompt-cache discount, so the two are never read as one. <see cref="WouldHaveCostUsd"/> = cost + Frugal's savings:
/// what the same traffic would have cost straight to the provider (which still gives its discount).
/// <see cref="SavingVoidedUsd"/>: cache savings withdrawn because feedback said the answer was wrong.
/// </summary>
public sealed record DashboardTotals(
    long Requests, long Errors, decimal CostUsd, decimal SavedUsd, long InputTokens, long OutputTokens,
    long CacheHits, long SemanticCacheHits, long CacheLookups, long Unpriced,
    decimal FrugalSavedUsd = 0m, decimal ProviderCacheDiscountUsd = 0m, decimal WouldHaveCostUsd = 0m, decimal SavingVoidedUsd = 0m);
