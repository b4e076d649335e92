using Frugal.Core.Accounting.Dashboard;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Configuration;
using Frugal.Core.Diagnostics;
using Frugal.Server.Dashboard;
using Frugal.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Frugal.Server.Telemetry;

/// <summary>Dashboard, /metrics and OTLP export: registered and mapped by <see cref="GatewayHost"/> in one call each.</summary>
public static class TelemetryServices
{
    public static IServiceCollection AddFrugalTelemetry(this IServiceCollection services, GatewayConfig config)
    {
        services.AddSingleton(config.Telemetry);
        services.AddSingleton<MetricModelNames>(); // FrugalMetrics takes it: the model label's vocabulary (unknown names → "other")
        services.AddSingleton<Frugal.Core.Configuration.Live.IConfigReloadable>(sp => sp.GetRequiredService<MetricModelNames>());
        services.AddSingleton<RequestInstruments>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<IDashboardReader>(sp => new SqliteDashboardReader(sp.GetRequiredService<SqliteLedgerStore>()));
        services.AddSingleton<DashboardAccess>();
        services.AddSingleton<DashboardEndpoints>();
        if (config.Telemetry.OtlpEndpoint is { } endpoint)
        {
            AddOtlpExport(services, config.Telemetry, endpoint);
        }

        return services;
    }

    /// <summary>The sink request handlers write to: the ledger writer, with each entry counted in the request metrics first.</summary>
    public static ILedgerSink MeteredLedgerSink(IServiceProvider services)
        => new MeteredLedgerSink(services.GetRequiredService<LedgerWriter>(), services.GetRequiredService<RequestInstruments>());

    public static void MapFrugalTelemetry(this WebApplication app)
    {
        // Created now, not at the first scrape, so it sees every instrument from the first request on.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", app.Services.GetRequiredService<MetricsEndpoint>().HandleAsync);
        DashboardEndpoints.Map(app);
    }

    private static void AddOtlpExport(IServiceCollection services, TelemetryConfig telemetry, Uri endpoint)
    {
        // gRPC takes the collector's address; over HTTP an endpoint set in code is used as the full URL, so the
        // signal paths the collector serves are appended here (otlpEndpoint stays the base URL for both protocols).
        Action<OtlpExporterOptions> For(string signalPath) => options =>
        {
            if (telemetry.OtlpProtocol == OtlpProtocol.HttpProtobuf)
            {
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + signalPath);
            }
            else
            {
                options.Protocol = OtlpExportProtocol.Grpc;
                options.Endpoint = endpoint;
            }
        };

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            // The stage spans are children of ASP.NET Core's request activity: unless its source is recorded too, the
            // parent-based sampler drops every stage span and no trace is ever exported.
            .WithTracing(tracing => tracing.AddSource(FrugalTracing.SourceName, "Microsoft.AspNetCore").AddOtlpExporter(For("/v1/traces")))
            .WithMetrics(metrics => metrics.AddMeter(FrugalMetrics.MeterName).AddOtlpExporter(For("/v1/metrics")));
    }
}
