using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Routing;

/// <summary>
/// Issue #14 item 5: <c>auto</c> never routes chat to a model that cannot chat. The catalog marks embedding
/// models, config may set <c>"mode"</c>, the implicit auto route ranks chat models only, and config validation
/// refuses a route that names an embedding model.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelModeTests : IDisposable
{
    private const string Providers = """
        "providers": { "mock": { "baseUrl": "http://127.0.0.1:9/v1" } }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-model-mode", Guid.NewGuid().ToString("N"));

    public ModelModeTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void The_built_in_catalog_marks_the_embedding_models_and_defaults_the_rest_to_chat()
    {
        var catalog = PriceCatalog.Embedded;

        Assert.Equal(ModelMode.Embedding, catalog.Entries.Single(e => e.Model == "text-embedding-3-small").Mode);
        Assert.Equal(ModelMode.Embedding, catalog.Entries.Single(e => e.Model == "text-embedding-ada-002").Mode);
        Assert.Equal(ModelMode.Chat, catalog.Entries.Single(e => e.Model == "gpt-4o-mini").Mode);
    }

    [Fact]
    public void A_catalog_entry_with_an_unknown_mode_is_a_problem_with_its_path()
    {
        PriceCatalog.Parse("""
            { "version": "2026-01-01", "currency": "USD", "unit": "USD per 1M tokens", "models": [
              { "model": "m", "provider": "p", "effectiveFrom": "2026-01-01", "source": "https://example.com", "input": 1, "output": 1, "mode": "telepathy" } ] }
            """, out var problems);

        var problem = Assert.Single(problems);
        Assert.Equal("$.models[0].mode", problem.Path);
    }

    [Fact]
    public void The_implicit_auto_route_leaves_out_an_embedding_model_priced_next_to_the_chat_models()
    {
        var catalog = Catalog($$"""
            { {{Providers}}, "models": {
                "gpt-4o-mini": { "provider": "mock" }, "gpt-4o": { "provider": "mock" },
                "text-embedding-3-small": { "provider": "mock" } } }
            """);

        Assert.True(catalog.TryGet("auto", out var auto));
        var models = RouteCatalog.ModelsOf(auto);
        Assert.DoesNotContain("text-embedding-3-small", models);
        Assert.Equal("gpt-4o-mini", auto.Tiers!.Fast); // without the mode filter the embedding model ($0.02/1M) was the fast tier
        Assert.Equal("gpt-4o", auto.Tiers.Powerful);
    }

    [Fact]
    public void A_configured_mode_wins_over_the_catalog_both_ways()
    {
        var catalog = Catalog($$"""
            { {{Providers}}, "models": {
                "gpt-4o-mini": { "provider": "mock", "mode": "embedding" },
                "gpt-4o": { "provider": "mock" }, "gpt-4.1": { "provider": "mock" },
                "house-embed": { "provider": "mock", "upstreamModel": "text-embedding-3-small", "mode": "chat" } } }
            """);

        Assert.True(catalog.TryGet("auto", out var auto));
        var models = RouteCatalog.ModelsOf(auto);
        Assert.DoesNotContain("gpt-4o-mini", models);
        Assert.Equal("house-embed", auto.Tiers!.Fast); // declared chat: the config knows better than the catalog
    }

    [Fact]
    public void With_one_chat_model_and_one_embedding_model_there_is_no_implicit_auto_route()
    {
        var catalog = Catalog($$"""
            { {{Providers}}, "models": { "gpt-4o-mini": { "provider": "mock" }, "text-embedding-3-small": { "provider": "mock" } } }
            """);

        Assert.False(catalog.TryGet("auto", out _));
    }

    [Theory]
    [InlineData("""{ "targets": ["gpt-4o", "text-embedding-3-small"] }""", "$.routes.r.targets[1]")]
    [InlineData("""{ "targets": ["mock/text-embedding-3-large"] }""", "$.routes.r.targets[0]")]
    [InlineData("""{ "strategy": "complexity", "tiers": { "fast": "text-embedding-3-small", "balanced": "gpt-4o", "powerful": "gpt-4o" } }""", "$.routes.r.tiers.fast")]
    [InlineData("""{ "targets": ["gpt-4o", "my-embedder"] }""", "$.routes.r.targets[1]")]
    public void A_route_naming_an_embedding_model_is_refused_with_a_clear_message(string route, string path)
    {
        var result = ConfigLoader.Parse($$"""
            { {{Providers}}, "models": {
                "gpt-4o": { "provider": "mock" }, "text-embedding-3-small": { "provider": "mock" },
                "my-embedder": { "provider": "mock", "mode": "embedding" } },
              "routes": { "r": {{route}} } }
            """, "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains("an embedding model, not a chat model", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_mode_that_is_not_known_is_refused()
    {
        var result = ConfigLoader.Parse($$"""{ {{Providers}}, "models": { "m": { "provider": "mock", "mode": "chatty" } } }""", "test");

        Assert.Equal("$.models.m.mode", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public async Task Config_validate_rejects_a_route_to_an_embedding_model()
    {
        var path = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(path, """
            { "auth": { "mode": "none" }, "providers": { "mock": { "baseUrl": "http://127.0.0.1:9000/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" }, "text-embedding-3-small": { "provider": "mock" } },
              "routes": { "cheap": { "targets": ["text-embedding-3-small", "gpt-4o-mini"] } } }
            """);

        var (code, output, _) = await CliRunner.RunAsync("config", "validate", "--config", path);

        Assert.Equal(1, code);
        Assert.Contains("$.routes.cheap.targets[0]", output, StringComparison.Ordinal);
        Assert.Contains("'text-embedding-3-small' is an embedding model, not a chat model", output, StringComparison.Ordinal);
    }

    private static RouteCatalog Catalog(string json)
    {
        var loaded = ConfigLoader.Parse(json, "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        var config = loaded.Config!;
        return new RouteCatalog(config, new ModelResolver(config), PriceBook.Create(config.Prices), TimeProvider.System);
    }
}
