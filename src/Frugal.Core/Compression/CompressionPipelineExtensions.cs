using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Core.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Frugal.Core.Compression;

public static class CompressionPipelineExtensions
{
    /// <summary>
    /// The compression stage when <c>compression.enabled</c> (nothing otherwise): between the caches and routing, so
    /// cache keys see the client's prompt and every routing attempt sends the compressed one.
    /// </summary>
    public static GatewayPipelineBuilder UseCompression(this GatewayPipelineBuilder builder, CompressionConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return config.Enabled
            ? builder.Use((inner, services) => new CompressionHandler(
                inner,
                new CompressionPolicy(config),
                new PromptCompressor(O200kTokenCounter.Instance, QueryAwareSelection.Default, Uses(config, s => s.Scorer == CompressionScorer.Hybrid, r => r.Scorer == CompressionScorer.Hybrid)
                    ? QueryAwareSelection.Hybrid(TransformerEmbedder.Load(TransformerModelSpec.MiniLm)) // loaded once per process (TransformerModel.Shared)
                    : null),
                new CompressionMetrics(services.GetRequiredService<FrugalMetrics>()),
                services.GetRequiredService<PriceBook>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<CompressionHandler>>(),
                Uses(config, s => s.SummarizeDropped, r => r.SummarizeDropped == true)
                    ? new DroppedTurnSummarizer(
                        services.GetRequiredService<ModelResolver>(),
                        services.GetRequiredService<RouteCatalog>(),
                        services.GetRequiredService<IProviderRegistry>(),
                        services.GetRequiredService<PriceBook>(),
                        new SummaryCache(),
                        services.GetRequiredService<TimeProvider>(),
                        services.GetRequiredService<ILogger<DroppedTurnSummarizer>>())
                    : null))
            : builder;
    }

    /// <summary>Whether the section or any key/model rule asks for something (the model and the summarizer are built only then).</summary>
    private static bool Uses(CompressionConfig config, Func<CompressionSettings, bool> section, Func<CompressionRule, bool> rule)
    {
        if (section(config.Defaults))
        {
            return true;
        }

        foreach (var r in config.Keys.Values)
        {
            if (rule(r))
            {
                return true;
            }
        }

        foreach (var r in config.Models.Values)
        {
            if (rule(r))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The section from the loaded config (<c>config.Section&lt;CompressionConfig&gt;()</c>).</summary>
    public static GatewayPipelineBuilder UseCompression(this GatewayPipelineBuilder builder, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return builder.UseCompression(config.Section<CompressionConfig>());
    }
}
