using System.Globalization;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Budgets;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Pipeline;
using Frugal.Server;

namespace Frugal.Benchmarks;

/// <summary>
/// What budget admission asks the catalog on every request of a gateway with a budgets section: the tenant's rate rules
/// and its output cap (<see cref="BudgetCatalog.RatesFor"/> + <see cref="BudgetCatalog.OutputCapFor"/>), with ten
/// config rules (eight teams, two keys) and 0 or 10,000 per-key run-time rules (one per key holding a limit set through
/// /admin/keys). The tenant is the key whose rule a scan would meet last. The figure to keep: the time per request
/// must not grow with the number of keys holding a limit.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KeyRateLimitBenchmarks
{
    private BudgetCatalog _catalog = null!;
    private Tenant _tenant = null!;

    [Params(0, 10_000)]
    public int RuntimeKeyRules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var teams = string.Join(", ", Enumerable.Range(0, 8).Select(i => $$"""{ "scope": "team", "subject": "team-{{i}}", "requestsPerMinute": 600 }"""));
        var json = $$"""
            {
              "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKeyEnv": "UNUSED" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } },
              "budgets": { "rateLimits": [ {{teams}},
                { "scope": "key", "subject": "svc-a", "tokensPerMinute": 100000 }, { "scope": "key", "subject": "svc-b", "maxOutputTokens": 512 } ] }
            }
            """;
        var loaded = ConfigLoader.Parse(json, "benchmark");
        _catalog = new BudgetCatalog(loaded.Config ?? throw new InvalidOperationException(string.Join("; ", loaded.Problems)));
        var rules = new List<RateLimitRule>(RuntimeKeyRules);
        for (var i = 0; i < RuntimeKeyRules; i++)
        {
            rules.Add(RateLimitRule.ForKey(KeyId(i), 60, 50_000, 1024));
        }

        _catalog.ReplaceRuntimeRates(rules);
        _tenant = new Tenant(KeyId(Math.Max(RuntimeKeyRules - 1, 0)), "etl", "team-7", ["nightly"]);
    }

    [Benchmark]
    public int Admission() => _catalog.RatesFor(_tenant).Count + (_catalog.OutputCapFor(_tenant) ?? 0);

    private static string KeyId(int i) => "key_" + i.ToString("x12", CultureInfo.InvariantCulture);
}
