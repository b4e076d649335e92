using Frugal.Core.Accounting.Pricing;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

public sealed class PriceCatalogTests
{
    private static readonly string ShippedPath = Path.Combine(RepoRoot.Path, "prices", "catalog.json");
    private static readonly string[] Providers = ["openai", "anthropic", "google", "deepseek", "mistral", "qwen"];

    [Fact]
    public void The_shipped_catalog_parses_with_no_problems()
    {
        var catalog = PriceCatalog.Parse(File.ReadAllText(ShippedPath), out var problems);

        Assert.Empty(problems);
        Assert.Equal("USD", catalog.Currency);
        Assert.True(DateOnly.TryParseExact(catalog.Version, "yyyy-MM-dd", out _), catalog.Version);
        Assert.NotEmpty(catalog.Entries);
    }

    [Fact]
    public void The_binary_carries_the_same_catalog_as_the_repository()
    {
        Assert.Equal(File.ReadAllText(ShippedPath), PriceCatalog.ReadEmbeddedJson());
        Assert.Equal(PriceCatalog.Parse(File.ReadAllText(ShippedPath), out _).Entries.Count, PriceCatalog.Embedded.Entries.Count);
    }

    [Fact]
    public void Every_entry_is_sourced_dated_and_consistent()
    {
        foreach (var price in PriceCatalog.Embedded.Entries)
        {
            Assert.True(Uri.TryCreate(price.Source, UriKind.Absolute, out var source) && source.Scheme == Uri.UriSchemeHttps, $"{price.Model}: source '{price.Source}'");
            Assert.True(price.EffectiveFrom > new DateOnly(2020, 1, 1), $"{price.Model}: effectiveFrom {price.EffectiveFrom}");
            Assert.Contains(price.Provider, Providers);
            Assert.True(price.CachedInputPerMillion <= price.InputPerMillion, $"{price.Model}: cached input above input");
            Assert.True(price.InputPerMillion > 0, $"{price.Model}: a provider's model is not free");
            Assert.InRange(price.BatchDiscount, 0m, 0.5m);
            foreach (var tier in price.Tiers)
            {
                Assert.True(tier.CachedInputPerMillion <= tier.InputPerMillion, $"{price.Model}: tier cached input above input");
                Assert.True(tier.InputPerMillion >= price.InputPerMillion, $"{price.Model}: a long-context tier is never cheaper");
            }
        }
    }

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5-nano")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("o3")]
    [InlineData("o4-mini")]
    [InlineData("o1")]
    [InlineData("text-embedding-3-small")]
    [InlineData("text-embedding-3-large")]
    [InlineData("claude-opus-4")]
    [InlineData("claude-opus-4-1")]
    [InlineData("claude-sonnet-4")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("claude-3-5-haiku")]
    [InlineData("gemini-2.5-pro")]
    [InlineData("gemini-2.5-flash")]
    [InlineData("gemini-2.5-flash-lite")]
    [InlineData("gemini-2.0-flash")]
    [InlineData("deepseek-chat")]
    [InlineData("deepseek-reasoner")]
    [InlineData("mistral-large-2411")]
    [InlineData("mistral-medium-2508")]
    [InlineData("mistral-small-2506")]
    [InlineData("codestral-2508")]
    [InlineData("qwen-max")]
    [InlineData("qwen-plus")]
    [InlineData("qwen3-max")]
    public void The_shipped_catalog_prices_the_common_models(string model)
    {
        var book = new PriceBook(PriceCatalog.Embedded);

        Assert.True(book.TryFind(model, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), out _), model);
    }

    [Fact]
    public void Prices_other_code_depends_on_are_the_list_prices()
    {
        var book = new PriceBook(PriceCatalog.Embedded);
        var now = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        Assert.True(book.TryFind("gpt-4o-mini", now, out var mini));
        Assert.Equal((0.15m, 0.075m, 0.60m), (mini.InputPerMillion, mini.CachedInputPerMillion, mini.OutputPerMillion));
        Assert.True(book.TryFind("gpt-4o", now, out var gpt4o));
        Assert.Equal((2.50m, 1.25m, 10.00m), (gpt4o.InputPerMillion, gpt4o.CachedInputPerMillion, gpt4o.OutputPerMillion));
        Assert.True(book.TryFind("claude-sonnet-4", now, out var sonnet));
        Assert.Equal((3m, 0.30m, 3.75m, 6m, 15m), (sonnet.InputPerMillion, sonnet.CachedInputPerMillion, sonnet.CacheWrite5mPerMillion!.Value, sonnet.CacheWrite1hPerMillion!.Value, sonnet.OutputPerMillion));
    }

    [Fact]
    public void Prices_are_read_as_decimals_without_passing_through_a_double()
    {
        // 28 significant digits survive; a double keeps about 17.
        const string json = """
            { "version": "2026-01-01", "currency": "USD",
              "models": [ { "model": "m", "provider": "p", "effectiveFrom": "2026-01-01", "source": "https://p.example", "input": 1.234567890123456789012345678, "cachedInput": 0.1, "output": 0.3 } ] }
            """;

        var catalog = PriceCatalog.Parse(json, out var problems);

        Assert.Empty(problems);
        Assert.Equal(1.234567890123456789012345678m, catalog.Entries[0].InputPerMillion);
        Assert.Equal(0.4m, catalog.Entries[0].CachedInputPerMillion + catalog.Entries[0].OutputPerMillion);
    }

    [Fact]
    public void An_absent_cached_input_price_means_no_cache_discount()
    {
        Assert.True(new PriceBook(PriceCatalog.Embedded).TryFind("text-embedding-3-small", DateTimeOffset.UtcNow, out var price));

        Assert.Equal(price.InputPerMillion, price.CachedInputPerMillion);
    }

    [Fact]
    public void A_broken_catalog_reports_every_problem_with_its_json_path()
    {
        const string json = """
            {
              "version": "23 Nov 2026",
              "currency": "EUR",
              "unit": "USD per token",
              "colour": "red",
              "models": [
                { "model": "a", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "cachedInput": 2, "output": 3,
                  "tiers": [ { "aboveInputTokens": 200000, "input": 2, "output": 4 }, { "aboveInputTokens": 100000, "input": 3, "output": 5 } ] },
                { "model": "b", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": -1, "output": "3", "colour": 1 },
                { "model": "c", "provider": "p", "effectiveFrom": "2025-13-01", "source": "not a url", "input": 1, "output": 1, "batchDiscount": 2 },
                { "model": "d", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1, "aliases": ["e", 7] },
                { "model": "e", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1 },
                { "model": "e", "provider": "q", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1 },
                { "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "output": 1 },
                "not an object"
              ]
            }
            """;

        PriceCatalog.Parse(json, out var problems);
        var paths = problems.Select(p => p.Path).ToList();

        Assert.Contains("$.version", paths);
        Assert.Contains("$.currency", paths);
        Assert.Contains("$.unit", paths);
        Assert.Contains("$.colour", paths);
        Assert.Contains("$.models[0].cachedInput", paths);
        Assert.Contains("$.models[0].tiers[1].aboveInputTokens", paths);
        Assert.Contains("$.models[1].input", paths);
        Assert.Contains("$.models[1].output", paths);
        Assert.Contains("$.models[1].colour", paths);
        Assert.Contains("$.models[2].effectiveFrom", paths);
        Assert.Contains("$.models[2].source", paths);
        Assert.Contains("$.models[2].batchDiscount", paths);
        Assert.Contains("$.models[3].aliases[1]", paths);
        Assert.Contains("$.models[5].effectiveFrom", paths); // "e" priced twice from the same day
        Assert.Contains("$.models[5].provider", paths);
        Assert.Contains("$.models[6].model", paths);
        Assert.Contains("$.models[6].input", paths);
        Assert.Contains("$.models[7]", paths);
        Assert.Contains(problems, p => p.Path == "$.models[0].cachedInput" && p.Message.Contains("cannot cost more", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_that_is_also_a_model_id_is_a_problem()
    {
        const string json = """
            { "version": "2026-01-01", "currency": "USD", "models": [
                { "model": "d", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1, "aliases": ["e"] },
                { "model": "e", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1 },
                { "model": "f", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1, "aliases": ["x"] },
                { "model": "g", "provider": "p", "effectiveFrom": "2025-01-01", "source": "https://p.example", "input": 1, "output": 1, "aliases": ["X"] } ] }
            """;

        PriceCatalog.Parse(json, out var problems);

        Assert.Contains(problems, p => p.Path == "$.models[0].aliases" && p.Message.Contains("'e' is a model id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "$.models[3].aliases" && p.Message.Contains("already an alias of 'f'", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_that_is_not_json_is_one_problem_at_the_root()
    {
        PriceCatalog.Parse("{ \"version\": ", out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("not valid JSON", problem.Message, StringComparison.Ordinal);
    }
}
