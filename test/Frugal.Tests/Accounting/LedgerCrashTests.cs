using System.Net;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

/// <summary>
/// The crash-loss bound, with a real crash: `frugal serve` in a child process is killed with
/// SIGKILL in the middle of a burst. Every request answered before the burst must be in the
/// ledger; at most the burst itself may be lost.
/// </summary>
public sealed class LedgerCrashTests
{
    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_killed_gateway_loses_at_most_the_requests_in_flight()
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "frugal-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await using var gateway = await GatewayProcess.StartAsync($$"""
            {
              "dataDir": "{{dir}}/data",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } }
            }
            """);
        var http = gateway.Http;
        var answered = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Json($"before crash {i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answered.Add(response.Headers.GetValues("x-frugal-request-id").Single());
        }

        await Task.Delay(500); // the documented bound: answered requests are committed within milliseconds
        var burst = Enumerable.Range(0, 30).Select(i => SendIgnoringFailureAsync(http, $"during crash {i}")).ToList();
        await Task.Delay(15);
        await gateway.KillAsync(); // SIGKILL: no drain, no shutdown hooks
        await Task.WhenAll(burst);

        var rows = await LedgerRows.ReadAsync(Path.Combine(dir, "data"));
        var recorded = rows.Select(r => r.Text("request_id")).ToHashSet();
        Assert.All(answered, id => Assert.Contains(id, recorded));
        Assert.InRange(rows.Count, answered.Count, answered.Count + burst.Count);
    }

    private static StringContent Json(string text)
        => new($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{text}}"}]}""", System.Text.Encoding.UTF8, "application/json");

    private static async Task SendIgnoringFailureAsync(HttpClient http, string text)
    {
        try
        {
            using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Json(text));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // the gateway died under us, as intended
        }
    }
}
