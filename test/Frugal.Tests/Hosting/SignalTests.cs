using System.Diagnostics;
using Frugal.MockUpstream;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Hosting;

/// <summary>SIGTERM and SIGINT stop `frugal serve` (a real child process) gracefully: every answered request is in ledger.db.</summary>
public sealed class SignalTests
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_stop_signal_drains_the_ledger_and_exits_zero(string signal)
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var dataDir = HostedGateway.NewDataDir();
        var config = HostedGateway.Config(dataDir, $$"""
            , "providers": { "mock": { "kind": "openai", "baseUrl": "{{mock.BaseUri.AbsoluteUri}}v1" } },
              "models": { "m": { "provider": "mock", "upstreamModel": "gpt-4o-mini" } }
            """);
        await using var gateway = await GatewayProcess.StartAsync(config);
        const int requests = 40;
        for (var i = 0; i < requests; i++)
        {
            using var content = new StringContent($$"""{"model":"m","messages":[{"role":"user","content":"request {{i}}"}]}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await gateway.Http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
            Assert.True(response.IsSuccessStatusCode);
        }

        using (var kill = Process.Start("kill", [$"-{signal}", gateway.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exited = await Eventually.UntilAsync(() => gateway.HasExited, TimeSpan.FromSeconds(20));
        Assert.True(exited, $"frugal serve did not stop on SIG{signal}");
        Assert.Equal(0, gateway.ExitCode);
        var rows = await LedgerRows.ReadAsync(dataDir);
        Assert.Equal(requests, rows.Count);
        Directory.Delete(dataDir, recursive: true);
    }
}
