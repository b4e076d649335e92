using System.Text.Json;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.TelemetryConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>telemetry</c> section: <c>{"otlpEndpoint", "otlpProtocol", "metricsAccess", "serviceName"}</c>.</summary>
public sealed class TelemetryConfigReader : ConfigSectionReader<TelemetryConfig>
{
    public override IReadOnlyList<string> Keys => ["telemetry"];

    public override TelemetryConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["otlpEndpoint", "otlpProtocol", "metricsAccess", "serviceName"];

    private static readonly Dictionary<string, MetricsAccess> AccessNames = new(StringComparer.Ordinal)
    {
        ["admin"] = MetricsAccess.Admin,
        ["open"] = MetricsAccess.Open,
    };

    private static readonly Dictionary<string, OtlpProtocol> ProtocolNames = new(StringComparer.Ordinal)
    {
        ["grpc"] = OtlpProtocol.Grpc,
        ["http/protobuf"] = OtlpProtocol.HttpProtobuf,
    };

    public static TelemetryConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.telemetry";
        var defaults = new TelemetryConfig();
        if (!reader.TryGetSection(root, "telemetry", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var serviceName = reader.String(section, "serviceName", path);
        if (serviceName is { } name && string.IsNullOrWhiteSpace(name))
        {
            reader.Report(JsonConfigReader.Child(path, "serviceName"), "must not be empty");
        }

        return defaults with
        {
            OtlpEndpoint = reader.AbsoluteHttpUrl(section, "otlpEndpoint", path, required: false),
            OtlpProtocol = reader.Enum(section, "otlpProtocol", path, ProtocolNames) ?? defaults.OtlpProtocol,
            MetricsAccess = reader.Enum(section, "metricsAccess", path, AccessNames) ?? defaults.MetricsAccess,
            ServiceName = string.IsNullOrWhiteSpace(serviceName) ? defaults.ServiceName : serviceName,
        };
    }
}
