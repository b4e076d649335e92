namespace Frugal.Core.Accounting.Dashboard;

/// <summary>One row of the recent-requests table.</summary>
public sealed record RecentRequest(
    long TimestampMs, string RequestId, string KeyId, string? KeyName, string? Team, string? Route, string? Model, string? Provider,
    string CacheOutcome, long InputTokens, long OutputTokens, decimal? CostUsd, decimal SavedUsd, double LatencyMs, double? TimeToFirstTokenMs,
    int Status, string? ErrorCode);
