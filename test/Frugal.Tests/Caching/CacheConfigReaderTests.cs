using Frugal.Core.Caching;
using Frugal.Core.Configuration;
using Frugal.Server;

namespace Frugal.Tests.Caching;

public sealed class CacheConfigReaderTests
{
    [Fact]
    public void The_defaults_are_off_memory_one_hour_and_key_namespaces()
    {
        var config = ConfigLoader.Parse("{}", "test").Config!.Cache;

        Assert.False(config.Enabled);
        Assert.Equal(CacheBackend.Memory, config.Backend);
        Assert.Equal(TimeSpan.FromHours(1), config.Ttl);
        Assert.Equal(1.0, config.MaxTemperature);
        Assert.Equal(CacheNamespaceMode.Key, config.NamespaceBy);
        Assert.False(config.Semantic.Enabled);
        Assert.True(config.Semantic.Verifier);
        Assert.Equal(SemanticCacheConfig.DefaultThreshold, config.Semantic.Threshold);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var result = ConfigLoader.Parse("""
            {"cache": {"enabled": true, "backend": "redis", "ttlSeconds": 600, "maxMemoryBytes": 10485760, "maxTemperature": 0.5, "namespace": "team",
              "keys": {"crm": {"ttlSeconds": 60, "namespace": "shared-crm", "enabled": true, "maxTemperature": 0}},
              "models": {"gpt-4o": {"enabled": false}},
              "semantic": {"enabled": true, "embedder": "http", "embedderProvider": "openai", "embedderModel": "text-embedding-3-small", "dimensions": 256,
                           "threshold": 0.93, "verifier": false, "exactIndexLimit": 5000, "maxCandidates": 4, "syncIntervalMs": 50}}}
            """, "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var cache = result.Config!.Cache;
        Assert.Equal(CacheBackend.Redis, cache.Backend);
        Assert.Equal(TimeSpan.FromMinutes(10), cache.Ttl);
        Assert.Equal(10485760, cache.MaxMemoryBytes);
        Assert.Equal(0.5, cache.MaxTemperature);
        Assert.Equal(CacheNamespaceMode.Team, cache.NamespaceBy);
        Assert.Equal("shared-crm", cache.Keys["crm"].Namespace);
        Assert.Equal(TimeSpan.FromMinutes(1), cache.Keys["crm"].Ttl);
        Assert.Equal(0, cache.Keys["crm"].MaxTemperature);
        Assert.False(cache.Models["gpt-4o"].Enabled);
        Assert.Equal("http", cache.Semantic.Embedder.Kind);
        Assert.Equal(256, cache.Semantic.Embedder.Dimensions);
        Assert.Equal("openai", cache.Semantic.EmbedderProvider);
        Assert.Equal(0.93f, cache.Semantic.Threshold);
        Assert.False(cache.Semantic.Verifier);
        Assert.Equal(5000, cache.Semantic.ExactIndexLimit);
        Assert.Equal(4, cache.Semantic.MaxCandidates);
        Assert.Equal(TimeSpan.FromMilliseconds(50), cache.Semantic.SyncInterval);
    }

    [Theory]
    [InlineData("""{"cache": {"backend": "disk"}}""", "$.cache.backend")]
    [InlineData("""{"cache": {"ttlSeconds": 0}}""", "$.cache.ttlSeconds")]
    [InlineData("""{"cache": {"maxTemperature": 3}}""", "$.cache.maxTemperature")]
    [InlineData("""{"cache": {"namespace": "everyone"}}""", "$.cache.namespace")]
    [InlineData("""{"cache": {"enabledd": true}}""", "$.cache.enabledd")]
    [InlineData("""{"cache": {"models": {"m": {"namespace": "x"}}}}""", "$.cache.models.m.namespace")]
    [InlineData("""{"cache": {"keys": {"k": {"namespace": " "}}}}""", "$.cache.keys.k.namespace")]
    [InlineData("""{"cache": {"semantic": {"embedder": "word2vec"}}}""", "$.cache.semantic.embedder")]
    [InlineData("""{"cache": {"semantic": {"threshold": 0.2}}}""", "$.cache.semantic.threshold")]
    [InlineData("""{"cache": {"semantic": {"embedder": "http"}}}""", "$.cache.semantic")]
    [InlineData("""{"cache": {"semantic": {"embedder": "http", "embedderProvider": "nope", "embedderModel": "e"}}}""", "$.cache.semantic.embedderProvider")]
    [InlineData("""{"cache": {"maxMemoryBytes": 16777216, "semantic": {"maxMemoryBytes": 16777216}}}""", "$.cache.semantic.maxMemoryBytes")]
    [InlineData("""{"cache": {"backend": "sqlite", "maxMemoryBytes": 16777216, "semantic": {"maxMemoryBytes": 16777217}}}""", "$.cache.semantic.maxMemoryBytes")]
    [InlineData("""{"cache": {"semantic": {"maxMemoryBytes": 1024}}}""", "$.cache.semantic.maxMemoryBytes")]
    [InlineData("""{"cache": {"semantic": {"maxContexts": 0}}}""", "$.cache.semantic.maxContexts")]
    public void Problems_are_reported_with_their_path(string json, string path)
    {
        var result = ConfigLoader.Parse(json, "test");

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Fact]
    public void The_semantic_share_defaults_to_half_of_the_cache_memory_and_the_memory_store_gets_the_rest()
    {
        var defaults = ConfigLoader.Parse("""{"cache": {"enabled": true, "maxMemoryBytes": 16777216, "semantic": {"enabled": true}}}""", "test").Config!.Cache;
        var set = ConfigLoader.Parse("""{"cache": {"enabled": true, "maxMemoryBytes": 16777216, "semantic": {"enabled": true, "maxMemoryBytes": 4194304, "maxContexts": 300}}}""", "test").Config!.Cache;
        var exactOnly = ConfigLoader.Parse("""{"cache": {"enabled": true, "maxMemoryBytes": 16777216}}""", "test").Config!.Cache;

        Assert.Equal(8 * 1024 * 1024, defaults.Semantic.MaxMemoryBytes);
        Assert.Equal(8 * 1024 * 1024, defaults.StoreMemoryBytes);
        Assert.Equal(1024, defaults.Semantic.EffectiveMaxContexts); // derived: the share / 8 KiB
        Assert.Equal(4 * 1024 * 1024, set.Semantic.MaxMemoryBytes);
        Assert.Equal(12 * 1024 * 1024, set.StoreMemoryBytes);
        Assert.Equal(300, set.Semantic.EffectiveMaxContexts);
        Assert.Equal(16 * 1024 * 1024, exactOnly.StoreMemoryBytes); // no semantic cache, no share
    }
}
