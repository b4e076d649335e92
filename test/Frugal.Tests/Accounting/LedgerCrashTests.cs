using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    [Fact]
    public async Task A_killed_gateway_loses_at_most_the_requests_in_flight()
    {
        await using var mock = await MockUpstreamServer.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "frugal-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "dataDir": "{{dir}}/data",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1" } },
              "models": { "gpt-4o-mini": { "provider": "mock" } }
            }
            """);
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "frugal.dll"), "serve", "--config", config, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await WaitUntilUpAsync(http);
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
            process.Kill(entireProcessTree: true); // SIGKILL: no drain, no shutdown hooks
            await process.WaitForExitAsync();
            await Task.WhenAll(burst);

            var rows = await LedgerRows.ReadAsync(Path.Combine(dir, "data"));
            var recorded = rows.Select(r => r.Text("request_id")).ToHashSet();
            Assert.All(answered, id => Assert.Contains(id, recorded));
            Assert.InRange(rows.Count, answered.Count, answered.Count + burst.Count);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
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

    private static async Task WaitUntilUpAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("frugal serve did not come up within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
