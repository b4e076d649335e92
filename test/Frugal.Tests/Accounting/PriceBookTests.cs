using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Tests.Accounting;

public sealed class PriceBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static PriceBook Shipped(params (string Name, ModelPrice Price)[] overrides)
        => PriceBook.Create(new PricingConfig { Overrides = overrides.ToDictionary(o => o.Name, o => o.Price, StringComparer.OrdinalIgnoreCase) });

    private static string Resolve(PriceBook book, string name, DateTimeOffset? at = null)
    {
        Assert.True(book.TryFind(name, at ?? Now, out var price), $"'{name}' should have a price");
        return price.Model;
    }

    [Theory]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("GPT-4O-MINI", "gpt-4o-mini")]
    [InlineData("gpt-5-mini-2025-08-07", "gpt-5-mini")]
    [InlineData("claude-sonnet-4", "claude-sonnet-4-20250514")]
    [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4-20250514")]
    [InlineData("claude-sonnet-4.5", "claude-sonnet-4-5-20250929")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022")]
    [InlineData("mistral-small-2506", "mistral-small-2501")]
    public void Ids_and_aliases_are_found_case_insensitively(string name, string model)
        => Assert.Equal(model, Resolve(Shipped(), name));

    [Theory]
    [InlineData("gpt-4o-mini-2099-01-01", "gpt-4o-mini")]
    [InlineData("claude-opus-4-20990101", "claude-opus-4-20250514")]
    [InlineData("o4-mini-2030-12-31", "o4-mini")]
    public void A_new_dated_snapshot_takes_its_familys_price(string name, string model)
        => Assert.Equal(model, Resolve(Shipped(), name));

    [Theory]
    [InlineData("openai/gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5-20250929")]
    [InlineData("models/gemini-2.5-pro", "gemini-2.5-pro")]
    [InlineData("openrouter/openai/gpt-5", "gpt-5")]
    [InlineData("openai/gpt-4o-2099-12-31", "gpt-4o")]
    public void A_provider_prefix_is_stripped(string name, string model)
        => Assert.Equal(model, Resolve(Shipped(), name));

    [Theory]
    [InlineData("no-such-model")]
    [InlineData("mock/house-model-without-price")]
    [InlineData("gpt-4o-20241399")] // not a calendar date, so not stripped
    [InlineData("llama3:8b")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_unknown_model_has_no_price(string name)
    {
        Assert.False(Shipped().TryFind(name, Now, out var price));
        Assert.Null(price);
    }

    [Fact]
    public void Price_history_is_looked_up_by_the_date_of_the_call()
    {
        var book = Shipped();

        Assert.True(book.TryFind("o3", new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), out var launch));
        Assert.Equal(10.00m, launch.InputPerMillion);
        Assert.True(book.TryFind("o3", new DateTimeOffset(2025, 6, 9, 23, 59, 59, TimeSpan.Zero), out var lastDay));
        Assert.Equal(40.00m, lastDay.OutputPerMillion);
        Assert.True(book.TryFind("o3-2025-04-16", new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), out var cut));
        Assert.Equal(2.00m, cut.InputPerMillion);

        // A call's date is its UTC date: 01:00 on 29 September in UTC+3 is still 28 September in UTC.
        Assert.True(book.TryFind("deepseek-chat", new DateTimeOffset(2025, 9, 29, 1, 0, 0, TimeSpan.FromHours(3)), out var before));
        Assert.Equal(0.56m, before.InputPerMillion);
        Assert.True(book.TryFind("deepseek-chat", new DateTimeOffset(2025, 9, 29, 0, 0, 0, TimeSpan.Zero), out var after));
        Assert.Equal(0.28m, after.InputPerMillion);
    }

    [Fact]
    public void A_known_model_before_its_first_price_is_not_priced_as_another_model()
    {
        const string json = """
            {
              "version": "2026-01-01", "currency": "USD", "unit": "USD per 1M tokens",
              "models": [
                { "model": "acme", "provider": "acme", "effectiveFrom": "2020-01-01", "source": "https://acme.example/prices", "input": 1, "output": 2 },
                { "model": "acme-2024-05-01", "provider": "acme", "effectiveFrom": "2024-05-01", "source": "https://acme.example/prices", "input": 5, "output": 15 }
              ]
            }
            """;
        var book = new PriceBook(PriceCatalog.Parse(json, out var problems));
        Assert.Empty(problems);

        Assert.False(book.TryFind("acme-2024-05-01", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), out _));
        Assert.False(book.TryFind("o3", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), out _));
        Assert.Equal("acme-2024-05-01", Resolve(book, "acme-2024-05-01"));
        Assert.Equal("acme", Resolve(book, "acme-2030-01-01"));
    }

    [Fact]
    public void Overrides_win_over_the_catalog_its_aliases_and_prefixes()
    {
        var mine = new ModelPrice { Model = "gpt-4o-mini", Provider = "config", InputPerMillion = 0.10m, CachedInputPerMillion = 0.05m, OutputPerMillion = 0.40m };
        var book = Shipped(("gpt-4o-mini", mine));

        foreach (var name in new[] { "gpt-4o-mini", "GPT-4o-Mini", "gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini", "gpt-4o-mini-2099-01-01" })
        {
            Assert.True(book.TryFind(name, Now, out var price), name);
            Assert.Same(mine, price);
        }

        Assert.True(book.TryFind("gpt-4o", Now, out var untouched));
        Assert.Equal(2.50m, untouched.InputPerMillion);
        Assert.Contains(book.Current, p => p.Model == "gpt-4o-mini" && p.InputPerMillion == 0.10m);
        Assert.Single(book.Current, p => p.Model == "gpt-4o-mini");
    }

    [Fact]
    public void An_override_prices_a_model_the_catalog_does_not_know_at_any_date()
    {
        var book = Shipped(("my-llama", new ModelPrice { Model = "my-llama", InputPerMillion = 1m, CachedInputPerMillion = 1m, OutputPerMillion = 1m }));

        Assert.True(book.TryFind("my-llama", new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero), out _));
        Assert.True(book.TryFind("vllm/my-llama", Now, out _));
    }

    [Fact]
    public void A_free_model_costs_exactly_nothing()
    {
        var book = Shipped(("llama3:8b", ModelPrice.Free("llama3:8b")));

        Assert.True(book.TryFind("ollama/llama3:8b", Now, out var price));
        var cost = CostCalculator.Compute(price, new TokenUsage(123_456, 1_000, 500, 500, 7_890, 100));
        Assert.Equal(0m, cost.TotalUsd);
    }

    [Fact]
    public void A_gpu_hour_price_spreads_the_hourly_cost_over_the_tokens_served()
    {
        // 2 GPUs at $2.49/hour serving 1,800 tokens/s: $4.98 an hour over 6,480,000 tokens an hour.
        var price = ModelPrice.FromGpuHour("vllm-llama-70b", 2.49m, 2, 1800m);

        Assert.Equal(4.98m * 1_000_000m / 6_480_000m, price.InputPerMillion);
        Assert.Equal(price.InputPerMillion, price.OutputPerMillion);
        Assert.InRange(price.InputPerMillion, 0.7685m, 0.7686m);

        // An hour of tokens costs the hour of GPUs, to well under a millionth of a cent.
        var hour = CostCalculator.Compute(price, new TokenUsage(3_240_000, 0, 0, 0, 3_240_000, 0)).TotalUsd;
        Assert.Equal(4.98m, Math.Round(hour, 12));
    }

    [Fact]
    public void Current_lists_the_newest_price_of_each_model_once()
    {
        var book = Shipped();

        Assert.Equal(book.Current.Count, book.Current.Select(p => p.Model).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(2.00m, book.Current.Single(p => p.Model == "o3").InputPerMillion);
        Assert.Equal(0.28m, book.Current.Single(p => p.Model == "deepseek-reasoner").InputPerMillion);
        Assert.Equal(PriceCatalog.Embedded.Version, book.CatalogVersion);
    }

    [Fact]
    public void A_catalog_path_replaces_the_built_in_catalog()
    {
        var path = Path.Combine(Path.GetTempPath(), $"frugal-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {
              "version": "2030-01-01", "currency": "USD", "unit": "USD per 1M tokens",
              "models": [ { "model": "gpt-4o-mini", "provider": "openai", "effectiveFrom": "2030-01-01", "source": "https://platform.openai.com/docs/pricing", "input": 0.01, "output": 0.02 } ]
            }
            """);
        try
        {
            var book = PriceBook.Create(new PricingConfig { CatalogPath = path });

            Assert.Equal("2030-01-01", book.CatalogVersion);
            Assert.True(book.TryFind("gpt-4o-mini", new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero), out var price));
            Assert.Equal(0.01m, price.InputPerMillion);
            Assert.False(book.TryFind("gpt-4o", Now, out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_broken_catalog_path_is_refused_rather_than_half_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"frugal-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "version": "2030-01-01", "currency": "USD", "models": [ { "model": "x" } ] }""");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => PriceBook.Create(new PricingConfig { CatalogPath = path }));
            Assert.Contains("$.models[0].input", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
