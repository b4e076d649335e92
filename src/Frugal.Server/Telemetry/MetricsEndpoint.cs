using System.Text;
using Frugal.Core.Configuration;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Telemetry;

/// <summary>
/// <c>GET /metrics</c> in Prometheus text format. It names keys, teams and models, so it needs the admin key unless
/// <c>telemetry.metricsAccess</c> is <c>"open"</c>.
/// </summary>
public sealed class MetricsEndpoint(PrometheusExporter exporter, AdminGuard guard, TelemetryConfig telemetry)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (telemetry.MetricsAccess != MetricsAccess.Open && guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(exporter.Scrape()), context.RequestAborted);
    }
}
