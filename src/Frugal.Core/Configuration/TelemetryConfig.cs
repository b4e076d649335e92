namespace Frugal.Core.Configuration;

/// <summary>The optional <c>telemetry</c> section: trace/metric export over OTLP and access to /metrics.</summary>
public sealed record TelemetryConfig
{
    /// <summary>Where traces (and metrics) go over OTLP; null (the default) exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpProtocol OtlpProtocol { get; init; } = OtlpProtocol.Grpc;

    public MetricsAccess MetricsAccess { get; init; } = MetricsAccess.Admin;

    /// <summary>The OpenTelemetry <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; init; } = "frugal";
}
