using System.Globalization;
using Frugal.Core.Dispatch;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>
/// Issue #12 finding 11 at the level it was found: `frugal serve` as its own process, an upstream that
/// streams a line without end, and the process's peak memory (VmHWM) before and after.
/// </summary>
public sealed class UpstreamMemoryTests
{
    /// <summary>The peak may grow by the 8 MiB line cap plus slack; the endless line itself is 96 MiB.</summary>
    private const long AllowedPeakGrowthBytes = 64L * 1024 * 1024;

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_stream_without_newlines_does_not_grow_the_gateway_process_beyond_the_line_cap()
    {
        var status = "/proc/self/status";
        if (!File.Exists(status))
        {
            Assert.Fail("this test reads peak memory from /proc (Linux)");
        }

        await using var mock = await MockUpstreamServer.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "frugal-upstream-memory", Guid.NewGuid().ToString("N"));
        var config = $$"""
            {
              "dataDir": "{{dir}}",
              "auth": { "mode": "none" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri.TrimEnd('/')}}/v1", "timeoutSeconds": 60, "maxRetries": 2 } },
              "models": { "gpt-4o-mini": { "provider": "mock" } }
            }
            """;
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(config);
            using (var warmUp = await PostAsync(gateway, "warm up [[chunks:4]]"))
            {
                Assert.Equal(200, (int)warmUp.StatusCode);
                await warmUp.Content.ReadAsStringAsync();
            }

            var peakBefore = PeakBytes(gateway.ProcessId);
            using var response = await PostAsync(gateway, "[[fault:endless-line]] endless");
            await OpenAIError.AssertAsync(response, 502, UpstreamErrors.ResponseTooLargeCode);
            var growth = PeakBytes(gateway.ProcessId) - peakBefore;

            Assert.True(growth < AllowedPeakGrowthBytes, $"peak RSS grew by {growth / (1024 * 1024)} MiB");
            Assert.Equal(1, mock.RecentRequests.Count(r => r.Body.Contains("endless", StringComparison.Ordinal)));
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayProcess gateway, string content)
        => await gateway.Http.PostAsync(
            new Uri("/v1/chat/completions", UriKind.Relative),
            new StringContent($$"""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"{{content}}"}]}""", System.Text.Encoding.UTF8, "application/json"));

    /// <summary>VmHWM: the process's peak resident set size so far.</summary>
    private static long PeakBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
