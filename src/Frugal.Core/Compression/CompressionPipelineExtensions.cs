using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
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
                new PromptCompressor(O200kTokenCounter.Instance, QueryAwareSelection.Default),
                new CompressionMetrics(services.GetRequiredService<FrugalMetrics>()),
                services.GetRequiredService<PriceBook>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<CompressionHandler>>()))
            : builder;
    }

    /// <summary>The section from the loaded config (<c>config.Section&lt;CompressionConfig&gt;()</c>).</summary>
    public static GatewayPipelineBuilder UseCompression(this GatewayPipelineBuilder builder, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return builder.UseCompression(config.Section<CompressionConfig>());
    }
}
