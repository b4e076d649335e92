using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Budgets;
using Frugal.Core.Caching;
using Frugal.Core.Compression;
using Frugal.Core.Configuration;
using Frugal.Core.Deferral;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.PromptCache;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Shadow;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server;

/// <summary>
/// The order of the stages, outermost first (see ARCHITECTURE.md §1): one <c>Use…</c> line per stage. New stages
/// (privacy, deferral to batches, compression, prompt-cache shaping) slot in here in that order.
/// </summary>
public static class GatewayPipeline
{
    public static IGatewayHandler Build(IServiceProvider services)
    {
        var config = services.GetRequiredService<GatewayConfig>();
        var builder = new GatewayPipelineBuilder().UseLedger();
        if (config.Budgets.Enabled)
        {
            builder.UseBudgets(); // admission: rate limits, threshold blocks, downgrade — before caches, so a blocked key gets no hits either
        }

        builder.UsePrivacy(); // masks before the caches (keys see only placeholders) and before anything leaves; off unless privacy.enabled

        builder.UseCaches(config.Cache);
        builder.UseDeferral(config); // after the caches (a hit is answered at once), before compression/routing: stores the call, 202
        builder.UseCompression(config).UseRouting();
        if (config.Budgets.Enabled)
        {
            builder.UseBudgetReservation(); // once per attempt, with the attempt's model; a cache hit never gets here
        }

        if (config.Prices.MissingPolicy == MissingPricePolicy.Reject)
        {
            builder.UsePriceGuard();
        }

        builder.UsePromptCache(config); // per attempt, with the attempt's provider and model: cache markers / prompt_cache_key
        return builder.Build(services.GetRequiredService<DispatchHandler>(), services);
    }

    /// <summary>
    /// The stages of the gateway's own evaluation calls (shadow labelling), outermost first: ledger → [evaluation
    /// ticket + budget reservation, only when budgets are on and <c>budgets.evaluationSpend</c> is "counted"] →
    /// dispatch. No admission (rate limits, threshold blocks), caching or routing: the labeller sets the target.
    /// </summary>
    public static EvaluationPipeline BuildEvaluation(IServiceProvider services)
    {
        var config = services.GetRequiredService<GatewayConfig>();
        var builder = new GatewayPipelineBuilder().UseLedger();
        if (config.Budgets.Enabled && config.Budgets.CountEvaluationSpend)
        {
            builder.UseEvaluationBudgets(); // reserves the worst case, settles to the real cost: the same stage as client attempts
        }

        return new EvaluationPipeline(builder.Build(services.GetRequiredService<DispatchHandler>(), services));
    }
}
