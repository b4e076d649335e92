namespace Frugal.Storage.Sqlite;

/// <summary>What the rollups need from one ledger row, whether it comes from a new entry or from an existing row (rebuild).</summary>
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
    double? TimeToFirstTokenMs);
