using Frugal.Core.Budgets.Config;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// The budgets in force: those of frugal.json plus the run-time ones (CLI / admin API, from frugal.db),
/// a run-time budget replacing a config budget of the same id. Swapped whole on refresh, so a request
/// sees one consistent set.
/// </summary>
public sealed class BudgetCatalog(GatewayConfig config)
{
    private volatile IReadOnlyList<BudgetDefinition> _all = config.Budgets.Budgets;
    private volatile IReadOnlyList<RateLimitRule> _runtimeRates = [];

    public BudgetsConfig Options => config.Budgets;

    public IReadOnlyList<BudgetDefinition> All => _all;

    public void ReplaceRuntime(IReadOnlyList<BudgetDefinition> runtime)
    {
        var ids = runtime.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        _all = [.. config.Budgets.Budgets.Where(b => !ids.Contains(b.Id)), .. runtime];
    }

    /// <summary>The per-key rules set at run time (/admin/keys, <c>frugal keys</c>); they apply beside the config's.</summary>
    public void ReplaceRuntimeRates(IReadOnlyList<RateLimitRule> runtime) => _runtimeRates = runtime;

    public IReadOnlyList<BudgetDefinition> For(Tenant tenant)
    {
        var all = _all;
        List<BudgetDefinition>? applicable = null;
        foreach (var budget in all)
        {
            if (budget.AppliesTo(tenant))
            {
                (applicable ??= []).Add(budget);
            }
        }

        return applicable ?? (IReadOnlyList<BudgetDefinition>)[];
    }

    /// <summary>Request/token rate rules of the tenant's key and team (config and run-time: each counts, the tightest refuses first).</summary>
    public IReadOnlyList<RateLimitRule> RatesFor(Tenant tenant)
        => [.. config.Budgets.RateLimits.Concat(_runtimeRates).Where(r => (r.RequestsPerMinute is not null || r.TokensPerMinute is not null) && BudgetDefinition.AppliesTo(r.Scope, r.Subject, tenant))];

    /// <summary>The tightest per-key output cap, if any (config and run-time rules).</summary>
    public int? OutputCapFor(Tenant tenant)
        => config.Budgets.RateLimits.Concat(_runtimeRates).Where(r => r.MaxOutputTokens is not null && BudgetDefinition.AppliesTo(r.Scope, r.Subject, tenant)).Min(r => r.MaxOutputTokens);
}
