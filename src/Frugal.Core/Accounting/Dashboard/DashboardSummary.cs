namespace Frugal.Core.Accounting.Dashboard;

/// <summary>Everything the dashboard's charts show for one period, read from the ledger's hourly rollups.</summary>
public sealed record DashboardSummary
{
    public required string Period { get; init; }
    public required DateTimeOffset Since { get; init; }
    public required DateTimeOffset Until { get; init; }
    public required long StepMs { get; init; }

    /// <summary>Start of each chart bucket, Unix milliseconds.</summary>
    public required IReadOnlyList<long> Buckets { get; init; }

    public required DashboardTotals Totals { get; init; }

    /// <summary>Spend per model per bucket (stacked in the chart).</summary>
    public required IReadOnlyList<DashboardSeries> SpendByModel { get; init; }

    /// <summary>Savings per reason per bucket (cache, semantic cache, routing, compression, batch, provider cache).</summary>
    public required IReadOnlyList<DashboardSeries> SavedByReason { get; init; }

    /// <summary>Each saving reason's total in the period, whose it is (Frugal's or the provider's) and its baseline.</summary>
    public IReadOnlyList<DashboardSavingBaseline> SavingBaselines { get; init; } = [];

    /// <summary>Cache hits (exact + semantic) over cache lookups per bucket; null where there was no lookup.</summary>
    public required IReadOnlyList<double?> CacheHitRate { get; init; }

    public required IReadOnlyList<long> RequestsPerBucket { get; init; }

    public required IReadOnlyList<DashboardRanking> TopModels { get; init; }
    /// <summary>Model names and routes the clients asked for (the ledger's requested_model).</summary>
    public required IReadOnlyList<DashboardRanking> TopRoutes { get; init; }
    public required IReadOnlyList<DashboardRanking> TopKeys { get; init; }
    public required IReadOnlyList<DashboardRanking> TopTeams { get; init; }
    public required IReadOnlyList<DashboardRanking> TopTags { get; init; }

    public required DashboardPercentiles Latency { get; init; }
    public required DashboardPercentiles TimeToFirstToken { get; init; }

    /// <summary>Provider prompt caching per route and model, the busiest (by input tokens) first.</summary>
    public IReadOnlyList<DashboardProviderCacheRow> ProviderCache { get; init; } = [];

    /// <summary>Personal data the privacy stage acted on, per entity type, by route then by key (most values first).</summary>
    public IReadOnlyList<DashboardPiiRow> Pii { get; init; } = [];

    /// <summary>Filled by the endpoint from <see cref="Budgets.IBudgetStatusSource"/>.</summary>
    public IReadOnlyList<DashboardBudget> Budgets { get; init; } = [];

    /// <summary>Why <see cref="Budgets"/> is empty although budgets are configured (their store is unreachable); null otherwise.</summary>
    public string? BudgetsUnavailable { get; init; }
}
