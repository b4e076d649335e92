namespace Frugal.Core.Budgets.Config;

/// <summary>
/// The optional <c>budgets</c> section. Present = the budget stages are in the pipeline (even with
/// no budget defined yet, so run-time budgets from the CLI or admin API take effect).
/// </summary>
public sealed record BudgetsConfig
{
    /// <summary>True when the config has a <c>budgets</c> section.</summary>
    public bool Enabled { get; init; }

    public BudgetStorageKind Storage { get; init; } = BudgetStorageKind.Sqlite;

    /// <summary>With Redis unreachable: false (closed, default) answers 503; true (open) admits and logs.</summary>
    public bool FailOpen { get; init; }

    /// <summary>Output tokens reserved (and then enforced) for a call that sets no max_tokens.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 4096;

    /// <summary>
    /// A call is admitted with fewer output tokens than it asked for when the remaining budget cannot
    /// cover them all, but never with fewer than this: below it the answer would be useless, so it is blocked.
    /// </summary>
    public int MinOutputTokens { get; init; } = 16;

    /// <summary>Models without a price: false (default) refuses them when a budget applies; true admits them unreserved.</summary>
    public bool AllowUnpriced { get; init; }

    /// <summary>
    /// <c>evaluationSpend</c>: false ("excluded", default) = the gateway's own evaluation calls (shadow labelling)
    /// reserve nothing and their ledger rows are not counted when a store is seeded from ledger.db; true ("counted") =
    /// they reserve and settle like client attempts (refused when a budget cannot pay) and their rows are counted.
    /// </summary>
    public bool CountEvaluationSpend { get; init; }

    /// <summary>Where fired alerts are POSTed as JSON; null = log and metric only.</summary>
    public Uri? AlertWebhook { get; init; }

    /// <summary>How often a gateway re-reads run-time budgets and resets from frugal.db.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<BudgetDefinition> Budgets { get; init; } = [];

    public IReadOnlyList<RateLimitRule> RateLimits { get; init; } = [];
}
