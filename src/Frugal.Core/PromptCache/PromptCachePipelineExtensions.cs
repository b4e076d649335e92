using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.PromptCache;

public static class PromptCachePipelineExtensions
{
    /// <summary>
    /// Provider prompt caching, per attempt (after routing and the budget reservation, before dispatch). Not built when
    /// no route, provider or default is "auto". The learnt prefix state is the registered <see cref="IPromptPrefixStore"/>
    /// (shared across replicas when a shared one is registered), else an in-memory LRU of <c>promptCache.maxPrefixes</c>.
    /// </summary>
    public static GatewayPipelineBuilder UsePromptCache(this GatewayPipelineBuilder builder, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        var section = config.Section<PromptCacheConfig>();
        return !section.AnyEnabled
            ? builder
            : builder.Use((inner, services) => new PromptCacheHandler(
                inner,
                section,
                services.GetService<IPromptPrefixStore>() ?? new MemoryPromptPrefixStore(section.MaxPrefixes),
                PromptCacheCatalog.Embedded,
                services.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
