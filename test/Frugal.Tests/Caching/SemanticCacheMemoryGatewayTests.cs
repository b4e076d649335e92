using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Core.Caching.Semantic;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Caching;

/// <summary>
/// Issue #12 findings 2 and 3 at the level they were found: distinct system prompts through a running
/// gateway with a small <c>cache.maxMemoryBytes</c>. Before the fix every prompt kept a context with a
/// preallocated index forever (this test then held 300 entries and ~77 MB of indexes); now the contexts
/// are capped by the share of the limit and the newest still answer.
/// </summary>
public sealed class SemanticCacheMemoryGatewayTests : IAsyncLifetime
{
    private const int Prompts = 300;

    private TestGateway _gateway = null!;

    // 1 MiB: half is the semantic share, whose derived context cap is 512 KiB / 8 KiB = 64.
    public async Task InitializeAsync()
        => _gateway = await TestGateway.StartAsync(extraJson: """
            , "cache": { "enabled": true, "maxMemoryBytes": 1048576, "semantic": { "enabled": true, "embedder": "hashing", "dimensions": 64, "threshold": 0.8 } }
            """);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Distinct_system_prompts_keep_the_semantic_cache_within_its_share_of_max_memory_bytes()
    {
        var semantic = _gateway.App.Services.GetRequiredService<SemanticCache>();
        var store = (MemoryCacheStore)_gateway.App.Services.GetRequiredService<ICacheStore>();
        var config = _gateway.Config.Cache;

        for (var i = 0; i < Prompts; i++)
        {
            using var response = await PostChatAsync(_gateway, Chat($"You help {i} (user {i * 31}) today.", "How do I reset my password?"));
            Assert.Equal(200, (int)response.StatusCode);
            Assert.True(semantic.Count <= 64, $"{semantic.Count} semantic entries after {i + 1} distinct system prompts");
        }

        Assert.True(semantic.ContextCount <= config.Semantic.EffectiveMaxContexts, $"{semantic.ContextCount} contexts");
        Assert.True(semantic.SizeBytes <= config.Semantic.MaxMemoryBytes, $"{semantic.SizeBytes} semantic bytes");
        Assert.True(store.SizeBytes <= config.StoreMemoryBytes, $"{store.SizeBytes} store bytes");
        Assert.True(semantic.SizeBytes + store.SizeBytes <= config.MaxMemoryBytes);

        using var rephrased = await PostChatAsync(_gateway, Chat($"You help {Prompts - 1} (user {(Prompts - 1) * 31}) today.", "how do i reset my password"));
        Assert.Equal("semantic-hit", Outcome(rephrased)); // eviction kept the most recent contexts working
    }

    private static string Chat(string system, string question) => JsonSerializer.Serialize(new
    {
        model = "gpt-4o-mini",
        messages = new[] { new { role = "system", content = system }, new { role = "user", content = question } },
    });
}
