namespace Frugal.Storage.Sqlite;

/// <summary>
/// What the rollups need from one ledger row, whether it comes from a new entry or from an existing row (rebuild).
/// <see cref="CacheWritePremiumNusd"/> is null only on a row written before ledger step 0005 (prompt-cache rollups):
/// such rows count nowhere in dim 'route_model'. <see cref="PromptCacheMeasured"/>: the prompt-cache stage measured the
/// stable prefix; <see cref="PromptCacheEligible"/>: that prefix reached the model's minimum cacheable length.
/// <see cref="PiiEntities"/>: the privacy stage's counts per entity type as compact JSON (<c>ledger.pii_entities</c>).
/// </summary>
internal readonly record struct RollupFacts(
    long TimestampMs,
    string Model,
    string Route,
    string Provider,
    string KeyId,
    string? KeyName,
    string? Team,
    IReadOnlyList<string> Tags,
    int Status,
    long InputTokens,
    long OutputTokens,
    long? CostNusd,
    long SavedNusd,
    long[] SavedByReasonNusd,
    long SavingVoidedNusd,
    string CacheOutcome,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    long CachedInputTokens,
    long CacheWriteTokens,
    long? CacheWritePremiumNusd,
    bool PromptCacheMeasured,
    bool PromptCacheEligible,
    string? PiiEntities);
