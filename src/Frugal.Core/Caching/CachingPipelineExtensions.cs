using Frugal.Core.Caching.Semantic;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Caching;

public static class CachingPipelineExtensions
{
    /// <summary>Both caches as configured: nothing when <c>cache.enabled</c> is false, the semantic one only when <c>cache.semantic.enabled</c>.</summary>
    public static GatewayPipelineBuilder UseCaches(this GatewayPipelineBuilder builder, CacheConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Enabled)
        {
            builder.UseExactCache();
            if (config.Semantic.Enabled)
            {
                builder.UseSemanticCache();
            }
        }

        return builder;
    }

    /// <summary>The exact cache: canonical keys per tenant namespace, single-flight misses, streams replayed on hits.</summary>
    public static GatewayPipelineBuilder UseExactCache(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new ExactCacheHandler(
            inner,
            services.GetRequiredService<CachePolicy>(),
            services.GetRequiredService<ICacheStore>(),
            services.GetRequiredService<CacheFlights>(),
            services.GetRequiredService<CacheHits>(),
            services.GetRequiredService<CacheRequestLinks>(),
            services.GetRequiredService<CacheCounters>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<ExactCacheHandler>>()));

    /// <summary>The semantic cache behind the exact one: embed, search the same context, verify, serve.</summary>
    public static GatewayPipelineBuilder UseSemanticCache(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) => new SemanticCacheHandler(
            inner,
            services.GetRequiredService<CachePolicy>(),
            services.GetRequiredService<SemanticCache>(),
            services.GetRequiredService<CacheHits>(),
            services.GetRequiredService<CacheRequestLinks>(),
            services.GetRequiredService<CacheCounters>()));
}
