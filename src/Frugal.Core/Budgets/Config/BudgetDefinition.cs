using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets.Config;

/// <summary>
/// One budget: a USD limit on the spend of a key, team, tag or everything over a window, with
/// thresholds. It always blocks at 100 %; thresholds add alerts, downgrades or earlier blocks.
/// </summary>
public sealed record BudgetDefinition
{
    /// <summary>Stable name, e.g. <c>team:ml:monthly</c> (the default is scope:subject:window).</summary>
    public required string Id { get; init; }

    public required BudgetScope Scope { get; init; }

    /// <summary>Key id or name, team, tag; "*" for global.</summary>
    public required string Subject { get; init; }

    public required BudgetWindow Window { get; init; }

    public required decimal LimitUsd { get; init; }

    /// <summary>Ascending by share.</summary>
    public IReadOnlyList<BudgetThreshold> Thresholds { get; init; } = BudgetThreshold.Defaults;

    /// <summary>"config" (frugal.json) or "runtime" (CLI / admin API, stored in frugal.db).</summary>
    public string Source { get; init; } = "config";

    public static string DefaultId(BudgetScope scope, string subject, BudgetWindow window)
        => $"{ScopeName(scope)}:{subject}:{window}";

    public static string ScopeName(BudgetScope scope) => scope switch
    {
        BudgetScope.Key => "key",
        BudgetScope.Team => "team",
        BudgetScope.Tag => "tag",
        _ => "global",
    };

    public bool AppliesTo(Tenant tenant) => AppliesTo(Scope, Subject, tenant);

    public static bool AppliesTo(BudgetScope scope, string subject, Tenant tenant) => scope switch
    {
        BudgetScope.Global => true,
        BudgetScope.Key => tenant.KeyId == subject || tenant.KeyName == subject,
        BudgetScope.Team => tenant.Team == subject,
        _ => tenant.Tags.Contains(subject, StringComparer.Ordinal),
    };
}
