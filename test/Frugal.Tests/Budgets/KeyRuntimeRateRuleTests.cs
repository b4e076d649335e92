using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using Frugal.Core.Pipeline;
using Frugal.Server;

namespace Frugal.Tests.Budgets;

/// <summary>
/// A key's run-time rate rule (set through /admin/keys or <c>frugal keys</c>) beside a <c>budgets.rateLimits</c> rule that
/// names the same key by its id: two rules with two counters, both enforced, the tightest output cap kept.
/// </summary>
public sealed class KeyRuntimeRateRuleTests
{
    private static readonly DateTimeOffset Minute = new(2026, 12, 6, 0, 30, 5, TimeSpan.Zero);

    [Fact]
    public void A_config_rule_for_the_key_id_and_the_keys_runtime_rule_count_apart_and_both_apply()
    {
        var catalog = Catalog("""{ "scope": "key", "subject": "key_abc", "requestsPerMinute": 3, "maxOutputTokens": 300 }""");
        catalog.ReplaceRuntimeRates([RateLimitRule.ForKey("key_abc", 5, null, 200), RateLimitRule.ForKey("key_other", 1, null, 10)]);
        var tenant = new Tenant("key_abc", "abc", null, []);

        var rules = catalog.RatesFor(tenant);
        Assert.Equal(["key:key_abc", "runtime-key:key_abc"], rules.Select(r => r.Id));
        Assert.Equal(200, catalog.OutputCapFor(tenant)); // the run-time cap is the tighter one here

        var counters = new MemoryRateCounters();
        var outcomes = Enumerable.Range(0, 4).Select(_ => counters.TryConsume(rules, 10, Minute)).ToList();
        Assert.All(outcomes.Take(3), o => Assert.True(o.IsAdmitted));
        Assert.Equal(("key:key_abc", "requests", 3L), (outcomes[3].RuleId, outcomes[3].Counter, outcomes[3].Limit)); // the config's 3 is tighter than 5
        Assert.Equal(2, counters.Count); // one counter per rule id: a shared id would have counted each request twice

        catalog.ReplaceRuntimeRates([]);
        Assert.Equal(["key:key_abc"], catalog.RatesFor(tenant).Select(r => r.Id));
        Assert.Equal(300, catalog.OutputCapFor(tenant));
        Assert.Empty(catalog.RatesFor(new Tenant("key_nobody", "nobody", null, [])));
    }

    [Fact]
    public void A_runtime_rule_with_only_an_output_cap_adds_no_counter()
    {
        var catalog = Catalog("""{ "scope": "team", "subject": "ml", "tokensPerMinute": 1000 }""");
        catalog.ReplaceRuntimeRates([RateLimitRule.ForKey("key_cap", null, null, 64)]);
        var tenant = new Tenant("key_cap", "cap", "ml", []);

        Assert.Equal(["team:ml"], catalog.RatesFor(tenant).Select(r => r.Id));
        Assert.Equal(64, catalog.OutputCapFor(tenant));
    }

    private static BudgetCatalog Catalog(string rule)
    {
        var loaded = ConfigLoader.Parse($$"""
            {
              "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKeyEnv": "UNUSED" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } },
              "budgets": { "rateLimits": [ {{rule}} ] }
            }
            """, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        return new BudgetCatalog(loaded.Config!);
    }
}
