using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Caching;
using Frugal.Core.Caching.Semantic;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.PromptCache;
using Frugal.Server.Endpoints;
using Frugal.Storage.Redis;
using Frugal.Storage.Redis.Caching;
using Frugal.Storage.Redis.PromptCache;
using Frugal.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Frugal.Server;

/// <summary>The caches' services: the configured backend, the semantic index and its embedder, feedback.</summary>
public static class CachingServices
{
    public static void AddFrugalCaching(this IServiceCollection services, GatewayConfig config)
    {
        var cache = config.Cache;
        services.AddSingleton(cache);
        services.AddPerGeneration(sp => new CachePolicy(sp.GetRequiredService<GatewayConfig>().Cache)); // cache rules follow a reload
        services.AddSingleton<CacheCounters>();
        services.AddSingleton(_ => new CacheFlights());
        services.AddSingleton<CacheHits>();
        services.AddSingleton<CacheRequestLinks>();
        services.AddSingleton(_ => new CacheDatabase(new SqliteDatabase(Path.Combine(config.DataDir, "cache.db"))));
        services.TryAddSingleton(_ => new RedisConnector(config.Redis)); // shared with other Redis-backed features
        services.AddSingleton<ICacheStore>(sp => CreateStore(cache, sp));
        if (cache.Backend == CacheBackend.Redis)
        {
            // Prompt-cache learning shared by every replica on the server (issue #16); else the stage keeps its own memory LRU.
            services.AddSingleton<IPromptPrefixStore>(sp => new RedisPromptPrefixStore(sp.GetRequiredService<RedisConnector>(), sp.GetRequiredService<ILogger<RedisPromptPrefixStore>>()));
        }

        services.AddSingleton<ISemanticCacheLog>(sp => CreateLog(cache, sp));
        services.AddSingleton(sp => new SemanticCache(
            CreateEmbedder(config, sp),
            sp.GetRequiredService<ISemanticCacheLog>(),
            sp.GetRequiredService<ICacheStore>(),
            cache.Semantic,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CacheCounters>(),
            sp.GetRequiredService<ILogger<SemanticCache>>()));
        services.AddSingleton(sp => new CacheFeedback(
            sp.GetRequiredService<ICacheStore>(),
            sp.GetRequiredService<CacheRequestLinks>(),
            cache.Enabled && cache.Semantic.Enabled ? sp.GetRequiredService<SemanticCache>() : null));
        services.TryAddSingleton<ILedgerFeedback>(sp => sp.GetRequiredService<SqliteLedgerStore>()); // feedback voids a wrong hit's saving
        services.AddSingleton<AdminCacheFeedbackEndpoint>();
        if (cache.Enabled && cache.Semantic.Enabled)
        {
            services.AddHostedService<SemanticCacheWarmup>();
        }
    }

    private static ICacheStore CreateStore(CacheConfig cache, IServiceProvider services) => cache.Backend switch
    {
        CacheBackend.Sqlite => new SqliteCacheStore(services.GetRequiredService<CacheDatabase>().Database, services.GetRequiredService<TimeProvider>()),
        CacheBackend.Redis => new RedisCacheStore(services.GetRequiredService<RedisConnector>(), services.GetRequiredService<TimeProvider>()),
        _ => new MemoryCacheStore(cache.StoreMemoryBytes, services.GetRequiredService<TimeProvider>()), // the semantic share is carved out
    };

    private static ISemanticCacheLog CreateLog(CacheConfig cache, IServiceProvider services) => cache.Backend switch
    {
        CacheBackend.Sqlite => new SqliteSemanticCacheLog(services.GetRequiredService<CacheDatabase>().Database),
        CacheBackend.Redis => new RedisSemanticCacheLog(services.GetRequiredService<RedisConnector>()),
        _ => new MemorySemanticCacheLog(services.GetRequiredService<TimeProvider>()),
    };

    /// <summary>cache.db in the data directory, one instance for the store and the semantic log.</summary>
    private sealed record CacheDatabase(SqliteDatabase Database);

    /// <summary>The http embedder goes through a configured provider: its base URL and its key variable.</summary>
    private static IEmbedder CreateEmbedder(GatewayConfig config, IServiceProvider services)
    {
        var semantic = config.Cache.Semantic;
        var options = semantic.Embedder with { DataDir = config.DataDir };
        if (options.Kind == "http" && semantic.EmbedderProvider is { } providerName && config.Providers.TryGetValue(providerName, out var provider))
        {
            options = options with { BaseUrl = provider.BaseUrl.AbsoluteUri.TrimEnd('/'), Model = semantic.EmbedderModel, ApiKeyEnv = provider.ApiKeyEnv, ApiKey = provider.ApiKey };
        }

        return EmbedderFactory.Create(options, options.Kind == "http" ? services.GetRequiredService<HttpClient>() : null); // the shared pooled client
    }
}
