using Frugal.Core.Batching;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Deferral;

public static class DeferralPipelineExtensions
{
    /// <summary>
    /// The deferral stage when <c>deferral.enabled</c> (nothing otherwise): after the caches, before compression and
    /// routing. Needs an <see cref="IDeferredStore"/>; without an <see cref="IBatchJobs"/> it refuses deferred calls (501).
    /// </summary>
    public static GatewayPipelineBuilder UseDeferral(this GatewayPipelineBuilder builder, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        var section = config.Section<DeferralConfig>();
        return section.Enabled
            ? builder.Use((inner, services) => new DeferralHandler(
                inner,
                new DeferralPolicy(section),
                services.GetRequiredService<IDeferredStore>(),
                services.GetService<IBatchJobs>() is not null,
                services.GetService<DeferralWebhookSender>()?.CanSign ?? false,
                services.GetService<DeferralGatherer>() is { HasBatchJobs: true } gatherer ? gatherer.Nudge : null,
                services.GetRequiredService<TimeProvider>()))
            : builder;
    }
}
