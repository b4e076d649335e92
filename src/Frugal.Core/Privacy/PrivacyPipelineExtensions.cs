using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Privacy;

public static class PrivacyPipelineExtensions
{
    /// <summary>
    /// Masking before anything leaves (after admission, before the caches, so cache keys see only the masked form).
    /// No stage (and no span) when <c>privacy.enabled</c> is false. An <see cref="IPiiMasker"/> registered in the
    /// services replaces the built-in one (fault-injection tests).
    /// </summary>
    public static GatewayPipelineBuilder UsePrivacy(this GatewayPipelineBuilder builder)
        => builder.Use((inner, services) =>
        {
            var config = services.GetRequiredService<GatewayConfig>().Section<PrivacyConfig>();
            if (!config.Enabled)
            {
                return inner;
            }

            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var masker = services.GetService<IPiiMasker>() ?? new PiiMasker(PiiScanner.Create(config), config.Timeout, time);
            var policies = new PrivacyPolicyResolver(config, services.GetRequiredService<ModelResolver>(), services.GetRequiredService<RouteCatalog>());
            return new PrivacyHandler(inner, masker, policies, new PrivacyInstruments(services.GetRequiredService<FrugalMetrics>()));
        });
}
