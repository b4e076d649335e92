using System.Collections.Frozen;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Budgets;

/// <summary>
/// The budgets in force: those of frugal.json plus the run-time ones (CLI / admin API, from frugal.db),
/// a run-time budget replacing a config budget of the same id. Swapped whole on refresh and on a config
/// reload (<see cref="Apply"/>: limits, rate limits and the per-call settings), so a request sees one consistent set.
/// </summary>
public sealed class BudgetCatalog(GatewayConfig config) : IConfigReloadable
{
    private readonly Lock _gate = new();
    private volatile BudgetsConfig _options = config.Budgets;
    private volatile IReadOnlyList<BudgetDefinition> _all = config.Budgets.Budgets;
    private IReadOnlyList<BudgetDefinition> _runtime = [];

    // Per-key run-time rules by key id: one lookup per request however many keys hold a limit (a scan of 10,000 took ~0.4 ms).
    private volatile FrozenDictionary<string, RateLimitRule> _keyRates = FrozenDictionary<string, RateLimitRule>.Empty;

    public BudgetsConfig Options => _options;

    public IReadOnlyList<BudgetDefinition> All => _all;

    public void ReplaceRuntime(IReadOnlyList<BudgetDefinition> runtime)
    {
        lock (_gate)
        {
            _runtime = runtime;
            _all = Merge(_options, runtime);
        }
    }

    /// <summary>A reloaded configuration's budgets section; the run-time budgets stay (they live in frugal.db, not in the file).</summary>
    public void Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            _options = config.Budgets;
            _all = Merge(config.Budgets, _runtime);
        }
    }

    private static List<BudgetDefinition> Merge(BudgetsConfig options, IReadOnlyList<BudgetDefinition> runtime)
    {
        var ids = runtime.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        return [.. options.Budgets.Where(b => !ids.Contains(b.Id)), .. runtime];
    }

    /// <summary>
    /// The per-key rules set at run time (<see cref="RateLimitRule.ForKey"/>: /admin/keys, <c>frugal keys</c>), one per key
    /// id; they apply beside the config's rules, and the tightest refuses first.
    /// </summary>
    public void ReplaceRuntimeRates(IReadOnlyList<RateLimitRule> runtime)
    {
        var byKey = new Dictionary<string, RateLimitRule>(runtime.Count, StringComparer.Ordinal);
        foreach (var rule in runtime)
        {
            byKey[rule.Subject] = rule;
        }

        _keyRates = byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }

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

    /// <summary>Request/token rate rules of the tenant's key and team, then the key's run-time rule (each counts apart).</summary>
    public IReadOnlyList<RateLimitRule> RatesFor(Tenant tenant)
    {
        IReadOnlyList<RateLimitRule> rates = [.. _options.RateLimits.Where(r => (r.RequestsPerMinute is not null || r.TokensPerMinute is not null) && BudgetDefinition.AppliesTo(r.Scope, r.Subject, tenant))];
        return _keyRates.TryGetValue(tenant.KeyId, out var own) && (own.RequestsPerMinute is not null || own.TokensPerMinute is not null) ? [.. rates, own] : rates;
    }

    /// <summary>The tightest per-key output cap, if any (config rules and the key's run-time rule).</summary>
    public int? OutputCapFor(Tenant tenant)
    {
        var cap = _options.RateLimits.Where(r => r.MaxOutputTokens is not null && BudgetDefinition.AppliesTo(r.Scope, r.Subject, tenant)).Min(r => r.MaxOutputTokens);
        return _keyRates.TryGetValue(tenant.KeyId, out var own) && own.MaxOutputTokens is { } ownCap && (cap is null || ownCap < cap) ? ownCap : cap;
    }
}
