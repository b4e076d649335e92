namespace Frugal.Core.Configuration;

/// <summary>OTLP export protocol, as the OpenTelemetry exporter names them.</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
