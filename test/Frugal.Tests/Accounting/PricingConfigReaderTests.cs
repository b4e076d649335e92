using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

public sealed class PricingConfigReaderTests
{
    private static (PricingConfig Config, IReadOnlyList<ConfigProblem> Problems) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var reader = new JsonConfigReader();
        var config = PricingConfigReader.Read(document.RootElement, reader);
        return (config, reader.Problems);
    }

    private static string Quoted(string path) => JsonSerializer.Serialize(path);

    [Fact]
    public void No_prices_section_means_flag_the_built_in_catalog_and_no_overrides()
    {
        var (config, problems) = Read("{}");

        Assert.Empty(problems);
        Assert.Equal(MissingPricePolicy.Flag, config.MissingPolicy);
        Assert.Null(config.CatalogPath);
        Assert.Empty(config.Overrides);
    }

    [Fact]
    public void The_documented_example_reads_into_overrides_free_and_gpu_hour_prices()
    {
        var catalog = Path.Combine(RepoRoot.Path, "prices", "catalog.json");
        var (config, problems) = Read($$"""
            {
              "prices": {
                "missingPolicy": "reject",
                "catalogPath": {{Quoted(catalog)}},
                "models": {
                  "gpt-4o-mini":    { "input": 0.15, "cachedInput": 0.075, "output": 0.6 },
                  "llama3:8b":      { "free": true },
                  "vllm-llama-70b": { "gpuHourUsd": 2.49, "gpuCount": 2, "tokensPerSecond": 1800 },
                  "cheap":          { "input": 1, "output": 2 }
                }
              }
            }
            """);

        Assert.Empty(problems);
        Assert.Equal(MissingPricePolicy.Reject, config.MissingPolicy);
        Assert.Equal(catalog, config.CatalogPath);

        var mini = config.Overrides["GPT-4O-MINI"];
        Assert.Equal((0.15m, 0.075m, 0.6m), (mini.InputPerMillion, mini.CachedInputPerMillion, mini.OutputPerMillion));
        Assert.Equal(ModelPrice.Free("llama3:8b"), config.Overrides["llama3:8b"]);
        var gpu = config.Overrides["vllm-llama-70b"];
        Assert.Equal(2.49m * 2 * 1_000_000m / (1800m * 3600m), gpu.InputPerMillion);
        Assert.Equal(gpu.InputPerMillion, gpu.OutputPerMillion);
        Assert.Equal(1m, config.Overrides["cheap"].CachedInputPerMillion); // no cachedInput: no discount

        var book = PriceBook.Create(config);
        Assert.True(book.TryFind("ollama/llama3:8b", DateTimeOffset.UtcNow, out var free));
        Assert.Equal(0m, free.OutputPerMillion);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_json_path()
    {
        var (_, problems) = Read("""
            {
              "prices": {
                "missingPolicy": "ignore",
                "surprise": 1,
                "models": {
                  "my-llama": { "input": -1, "output": 1 },
                  "nothing":  { },
                  "both":     { "free": true, "input": 1, "output": 1 },
                  "mixed":    { "input": 1, "output": 1, "gpuHourUsd": 2, "tokensPerSecond": 10 },
                  "typo":     { "inptu": 1, "input": 1, "output": 1 },
                  "dearer":   { "input": 1, "cachedInput": 2, "output": 1 },
                  "idle":     { "gpuHourUsd": 2, "tokensPerSecond": 0 },
                  "halfgpu":  { "gpuHourUsd": 2, "gpuCount": 0, "tokensPerSecond": 10 },
                  "text":     "cheap"
                }
              }
            }
            """);
        var paths = problems.Select(p => p.Path).ToList();

        Assert.Contains("$.prices.missingPolicy", paths);
        Assert.Contains("$.prices.surprise", paths);
        Assert.Contains("$.prices.models['my-llama'].input", paths);
        Assert.Contains("$.prices.models.nothing.input", paths);
        Assert.Contains("$.prices.models.nothing.output", paths);
        Assert.Contains("$.prices.models.both", paths);
        Assert.Contains("$.prices.models.mixed", paths);
        Assert.Contains("$.prices.models.typo.inptu", paths);
        Assert.Contains("$.prices.models.dearer.cachedInput", paths);
        Assert.Contains("$.prices.models.idle.tokensPerSecond", paths);
        Assert.Contains("$.prices.models.halfgpu.gpuCount", paths);
        Assert.Contains("$.prices.models.text", paths);
    }

    [Fact]
    public void A_missing_catalog_file_is_a_config_problem()
    {
        var (_, problems) = Read("""{ "prices": { "catalogPath": "./no/such/catalog.json" } }""");

        var problem = Assert.Single(problems);
        Assert.Equal("$.prices.catalogPath", problem.Path);
        Assert.Contains("does not exist", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_catalog_file_is_reported_at_validation_with_the_path_inside_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"frugal-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "version": "2030-01-01", "currency": "USD", "models": [ { "model": "x", "provider": "p", "effectiveFrom": "2030-01-01", "source": "https://p.example", "input": 1, "cachedInput": 5, "output": 1 } ] }""");
        try
        {
            var (_, problems) = Read($$"""{ "prices": { "catalogPath": {{Quoted(path)}} } }""");

            var problem = Assert.Single(problems);
            Assert.Equal("$.prices.catalogPath", problem.Path);
            Assert.Contains("$.models[0].cachedInput", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_config_loader_reads_the_prices_section()
    {
        var result = ConfigLoader.Parse("""
            {
              "prices": { "missingPolicy": "reject", "models": { "house-model": { "input": 0.5, "output": 1.5 } } }
            }
            """, "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(MissingPricePolicy.Reject, result.Config!.Prices.MissingPolicy);
        Assert.Equal(1.5m, result.Config.Prices.Overrides["house-model"].OutputPerMillion);
        Assert.Equal(MissingPricePolicy.Flag, ConfigLoader.Parse("{}", "test").Config!.Prices.MissingPolicy);
    }

    [Fact]
    public void The_config_loader_reports_price_problems_with_the_rest()
    {
        var result = ConfigLoader.Parse("""{ "prices": { "models": { "x": { "input": "free" } } } }""", "test");

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == "$.prices.models.x.input");
        Assert.Contains(result.Problems, p => p.Path == "$.prices.models.x.output");
    }
}
