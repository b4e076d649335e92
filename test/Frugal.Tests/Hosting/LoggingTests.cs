using System.Text.Json;
using Frugal.MockUpstream;
using Frugal.Server;
using Frugal.Server.Hosting;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Hosting;

[Collection(ConsoleCollection.Name)]
public sealed class LoggingTests
{
    [Fact]
    public async Task Json_logs_carry_the_request_id_on_every_line_of_a_request_and_the_upstreams_status_on_a_failure()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$"""
            , "logging": { "format": "json" },
              "providers": { "flaky": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri}}v1", "maxRetries": 1, "retryBaseDelayMs": 1 } },
              "models": { "m": { "provider": "flaky", "upstreamModel": "gpt-4o-mini" } }
            """);
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        string requestId;
        string output;
        try
        {
            await using (var gateway = await HostedGateway.StartAsync(config, dataDir, logToConsole: true))
            {
                using var http = new HttpClient { BaseAddress = gateway.BaseUri };
                using var content = new StringContent("""{"model":"m","messages":[{"role":"user","content":"[[fault:503]] hi"}]}""", System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
                Assert.False(response.IsSuccessStatusCode);
                requestId = response.Headers.GetValues("x-frugal-request-id").Single();
                await Eventually.UntilAsync(() => captured.ToString().Contains("gateway status", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            }

            output = captured.ToString();
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var documents = lines.Select(line => JsonDocument.Parse(line)).ToList(); // every line is one JSON object
        var ofRequest = documents.Where(d => d.RootElement.GetProperty("Category").GetString() == "Frugal.Core.Dispatch.DispatchHandler").ToList();
        Assert.Equal(2, ofRequest.Count); // the retry, then the final failure
        foreach (var line in ofRequest)
        {
            var scope = Assert.Single(line.RootElement.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("FrugalRequestId", out _));
            Assert.Equal(requestId, scope.GetProperty("FrugalRequestId").GetString());
            Assert.Contains("upstream HTTP 503", line.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("gateway status", ofRequest[^1].RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        foreach (var document in documents)
        {
            document.Dispose();
        }
    }

    [Fact]
    public void FRUGAL_LOG_FORMAT_overrides_the_file_and_a_bad_value_is_a_startup_error()
    {
        var json = new LoggingConfig { Format = LogFormat.Text };
        Assert.Equal(LogFormat.Json, GatewayLogging.Format(json, name => name == "FRUGAL_LOG_FORMAT" ? "JSON" : null));
        Assert.Equal(LogFormat.Text, GatewayLogging.Format(json, _ => null));
        var error = Assert.Throws<GatewayStartupException>(() => GatewayLogging.Format(json, _ => "yaml"));
        Assert.Contains("text, json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_logging_section_is_checked()
    {
        var loaded = ConfigLoader.Parse("""{ "logging": { "format": "xml" } }""", "test");
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Problems, p => p.Path == "$.logging.format");
    }
}
