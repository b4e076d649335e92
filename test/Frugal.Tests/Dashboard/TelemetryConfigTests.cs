using Frugal.Core.Configuration;
using Frugal.Server;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Frugal.Tests.Dashboard;

/// <summary>The <c>telemetry</c> section: values, defaults, problems with their JSON path, and OTLP export wiring.</summary>
public sealed class TelemetryConfigTests
{
    [Fact]
    public void Defaults_export_nothing_and_keep_metrics_behind_the_admin_key()
    {
        var config = Load("{}");

        Assert.Null(config.Telemetry.OtlpEndpoint);
        Assert.Equal(MetricsAccess.Admin, config.Telemetry.MetricsAccess);
        Assert.Equal("frugal", config.Telemetry.ServiceName);
    }

    [Fact]
    public void Every_setting_is_read()
    {
        var config = Load("""{ "telemetry": { "otlpEndpoint": "http://127.0.0.1:4318", "otlpProtocol": "http/protobuf", "metricsAccess": "open", "serviceName": "frugal-eu" } }""");

        Assert.Equal(new Uri("http://127.0.0.1:4318"), config.Telemetry.OtlpEndpoint);
        Assert.Equal(OtlpProtocol.HttpProtobuf, config.Telemetry.OtlpProtocol);
        Assert.Equal(MetricsAccess.Open, config.Telemetry.MetricsAccess);
        Assert.Equal("frugal-eu", config.Telemetry.ServiceName);
    }

    [Fact]
    public void Bad_values_are_reported_with_their_path()
    {
        var result = ConfigLoader.Parse("""{ "telemetry": { "otlpEndpoint": "collector:4317", "otlpProtocol": "udp", "metricsAccess": "public", "serviceName": " ", "sampling": 1 } }""", "test");

        Assert.False(result.IsValid);
        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.telemetry.otlpEndpoint", paths);
        Assert.Contains("$.telemetry.otlpProtocol", paths);
        Assert.Contains("$.telemetry.metricsAccess", paths);
        Assert.Contains("$.telemetry.serviceName", paths);
        Assert.Contains("$.telemetry.sampling", paths); // an unknown setting
    }

    [Fact]
    public async Task An_otlp_endpoint_registers_the_trace_exporter_and_none_registers_nothing()
    {
        var withOtlp = Load("""{ "dataDir": "DIR", "telemetry": { "otlpEndpoint": "http://127.0.0.1:4317" } }""".Replace("DIR", TempDir(), StringComparison.Ordinal));
        var without = Load("""{ "dataDir": "DIR" }""".Replace("DIR", TempDir(), StringComparison.Ordinal));

        await using var exporting = GatewayHost.Build(withOtlp, new GatewayHostOptions { Urls = ["http://127.0.0.1:0"] });
        await using var silent = GatewayHost.Build(without, new GatewayHostOptions { Urls = ["http://127.0.0.1:0"] });

        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        Assert.Null(silent.Services.GetService<TracerProvider>());
    }

    private static GatewayConfig Load(string json)
    {
        var result = ConfigLoader.Parse(json, "test");
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        return result.Config!;
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N")).Replace("\\", "/", StringComparison.Ordinal);
}
