using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Budgets;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Protocol.OpenAI;
using Frugal.Server;

namespace Frugal.Tests.Accounting;

/// <summary>
/// Every caller prices a call by the one rule (<see cref="PriceBook.TryFindForCall"/>: the gateway's model name, then
/// the upstream id): the ledger (CostEngine), budgets (BudgetPricing: a settlement must equal the ledger's cost), and
/// routing savings (RouteCatalog.FindPrice). One entry parser serves the catalog file and the config's prices.models.
/// </summary>
public sealed class PriceLookupAgreementTests
{
    private const string Config = """
        {
          "providers": {
            "openai": { "baseUrl": "http://127.0.0.1:9/v1" },
            "anthropic": { "kind": "anthropic", "baseUrl": "http://127.0.0.1:9" },
            "house": { "baseUrl": "http://127.0.0.1:9/v1" }
          },
          "models": {
            "gpt-4o-mini": { "provider": "openai" },
            "mini": { "provider": "openai", "upstreamModel": "gpt-4o-mini-2024-07-18" },
            "sonnet-dated": { "provider": "anthropic", "upstreamModel": "claude-sonnet-4-20990101" },
            "llama": { "provider": "house", "upstreamModel": "my-llama" },
            "special": { "provider": "openai", "upstreamModel": "gpt-4o" },
            "mystery": { "provider": "openai", "upstreamModel": "no-such-model" }
          },
          "prices": {
            "models": {
              "my-llama": { "input": 0.1, "output": 0.2 },
              "special": { "input": 1.5, "cachedInput": 0.5, "output": 6 }
            }
          }
        }
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Gateway name → the price entry the rule must pick (null: unpriced).</summary>
    public static TheoryData<string, string?> Models => new()
    {
        { "gpt-4o-mini", "gpt-4o-mini" },               // a catalog id as the gateway name
        { "mini", "gpt-4o-mini" },                      // unknown gateway name, upstream id is a catalog alias (dated snapshot)
        { "sonnet-dated", "claude-sonnet-4-20250514" }, // upstream id with a date suffix the catalog does not list
        { "llama", "my-llama" },                        // priced only under its upstream id, by the config
        { "special", "special" },                       // a config price for the gateway name wins over the upstream's catalog price
        { "openai/gpt-4o", "gpt-4o" },                  // provider/model, not configured
        { "mystery", null },                            // nobody has a price
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Ledger_budgets_routing_and_the_book_pick_the_same_price(string model, string? expected)
    {
        var loaded = ConfigLoader.Parse(Config, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        var config = loaded.Config!;
        var time = new FixedTime(Now);
        var book = PriceBook.Create(config.Prices);
        var resolver = new ModelResolver(config);
        var target = resolver.Resolve(model);
        Assert.NotNull(target);

        book.TryFindForCall(target.Model, target.UpstreamModel, Now, out var byBook);
        var byRouting = new RouteCatalog(config, resolver, book, time).FindPrice(model);
        var byBudget = new BudgetPricing(book, time).Find(target);
        using var metrics = new FrugalMetrics();
        var entry = new LedgerEntryBuilder
        {
            Model = target.Model,
            UpstreamModel = target.UpstreamModel,
            Usage = new TokenUsage(12_345, 2_000, 0, 0, 678, 0),
        };
        var request = GatewayRequest.ForChat("req-price", Tenant.Anonymous, new ChatCompletionRequest { Model = model }, 0);
        var record = new CostEngine(book, metrics, time).Price(request, entry);

        Assert.Equal(expected, byBook?.Model);
        Assert.Same(byBook, byRouting);
        Assert.Same(byBook, byBudget);
        if (expected is null)
        {
            Assert.Null(record.CostUsd);
            return;
        }

        Assert.NotNull(record.CostUsd);
        Assert.True(record.CostUsd > 0m);
        Assert.Equal(record.CostUsd, BudgetPricing.Cost(byBudget!, entry.Usage, batched: false)); // settlement == ledger cost
    }

    [Fact]
    public void The_catalog_and_the_config_report_a_bad_price_entry_with_the_same_messages_and_keys()
    {
        const string entry = """{ "input": 2, "cachedInput": 3, "output": -1, "reasoning": "x", "cacheWrite5m": 200000, "batchDiscount": 1.5 }""";
        var catalog = $$"""
            { "version": "2026-11-23", "currency": "USD", "models": [
              { "model": "m", "provider": "p", "source": "https://example.com/prices", "effectiveFrom": "2026-01-01",
                "input": 2, "cachedInput": 3, "output": -1, "reasoning": "x", "cacheWrite5m": 200000, "batchDiscount": 1.5 } ] }
            """;
        var config = $$"""
            { "providers": { "openai": { "baseUrl": "http://127.0.0.1:9/v1" } }, "models": { "m": { "provider": "openai" } },
              "prices": { "models": { "m": {{entry}} } } }
            """;

        PriceCatalog.Parse(catalog, out var fromCatalog);
        var fromConfig = ConfigLoader.Parse(config, "test").Problems;

        Assert.Equal(5, fromCatalog.Count);
        Assert.All(fromCatalog, p => Assert.StartsWith("$.models[0].", p.Path, StringComparison.Ordinal));
        Assert.All(fromConfig, p => Assert.StartsWith("$.prices.models", p.Path, StringComparison.Ordinal));
        Assert.Equal(Relative(fromCatalog), Relative(fromConfig));
        Assert.Contains(fromConfig, p => p.Path.EndsWith(".cachedInput", StringComparison.Ordinal) && p.Message == "a cache read (3) cannot cost more than plain input (2)");
    }

    private static List<string> Relative(IReadOnlyList<ConfigProblem> problems)
        => [.. problems.Select(p => p.Path[(p.Path.LastIndexOf('.') + 1)..] + ": " + p.Message).Order(StringComparer.Ordinal)];

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
