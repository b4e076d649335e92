using System.Net;
using System.Net.Sockets;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Routing;

/// <summary>Shared bits of the routing functional tests: chat bodies, header reads, ledger row lookup.</summary>
public static class RoutingTestData
{
    public static string Chat(string model, string content, bool stream = false)
        => $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]}""";

    /// <summary>The answer text of a JSON or SSE body.</summary>
    public static string Answer(string body, bool stream) => stream
        ? string.Concat(Sse.JsonChunks(body).SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : string.Empty))
        : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? string.Empty;

    public static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    /// <summary>The route header with percent-encoded characters (Chinese keywords) decoded.</summary>
    public static string Route(HttpResponseMessage response) => Uri.UnescapeDataString(Header(response, "x-frugal-route"));

    /// <summary>The one ledger entry of the request that got <paramref name="response"/>.</summary>
    public static async Task<Dictionary<string, object?>> LedgerEntryAsync(TestGateway gateway, HttpResponseMessage response)
    {
        var id = Header(response, "x-frugal-request-id");
        Assert.False(string.IsNullOrEmpty(id));
        var rows = await LedgerRows.WaitForAsync(gateway, 1, $"request_id = '{id}'");
        return Assert.Single(rows);
    }

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
