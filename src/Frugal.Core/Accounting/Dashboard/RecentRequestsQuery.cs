namespace Frugal.Core.Accounting.Dashboard;

/// <summary>Filters of the dashboard's recent-requests table (all optional; exact matches).</summary>
public sealed record RecentRequestsQuery
{
    public const int MaxLimit = 500;

    public DateTimeOffset? Since { get; init; }

    /// <summary>Only entries older than this (Unix ms), for paging backwards.</summary>
    public long? BeforeMs { get; init; }
    public string? Model { get; init; }

    /// <summary>The model name or route the client asked for (the ledger's requested_model).</summary>
    public string? Route { get; init; }
    public string? CacheOutcome { get; init; }
    public string? Key { get; init; }
    public string? Team { get; init; }
    public bool ErrorsOnly { get; init; }
    public int Limit { get; init; } = 100;
}
