namespace Frugal.Core.Configuration;

/// <summary>Who may scrape <c>GET /metrics</c>.</summary>
public enum MetricsAccess
{
    /// <summary>The admin key, as for the other admin endpoints (loopback only in no-auth mode without one).</summary>
    Admin,

    /// <summary>Anyone who can reach the port (for a Prometheus on a private network).</summary>
    Open,
}

/// <summary>OTLP export protocol, as the OpenTelemetry exporter names them.</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

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
