using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Configuration;

/// <summary>SIGHUP sent to a real <c>frugal serve</c> process: it keeps serving and applies the changed file's live settings.</summary>
[Trait("Category", "Slow")]
public sealed class HangupSignalTests
{
    [Fact]
    public async Task SIGHUP_checks_the_config_and_never_ends_the_process()
    {
        using var file = new ConfigFixture("""
            { "auth": { "mode": "none" }, "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } } }
            """);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "frugal.dll"), "serve", "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = file.Folder,
        };
        start.Environment["FRUGAL_CONFIG"] = file.FilePath;
        start.Environment["FRUGAL__DATADIR"] = Path.Combine(file.Folder, "data");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            Assert.True(await Eventually.UntilAsync(async () => await IsUpAsync(http, process), TimeSpan.FromSeconds(30)), string.Join("\n", output));

            File.WriteAllText(file.FilePath, """
                { "auth": { "mode": "none" }, "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } },
                  "routes": { "cheap": { "targets": ["mock/small"] } } }
                """);
            Hangup(process.Id);
            var logged = await Eventually.UntilAsync(() => output.Any(l => l.Contains("applied routes (generation 2)", StringComparison.Ordinal)), TimeSpan.FromSeconds(15));
            Hangup(process.Id);
            await Task.Delay(500); // a default SIGHUP would end the process within this

            Assert.True(logged, string.Join("\n", output));
            Assert.False(process.HasExited, string.Join("\n", output));
            Assert.True(await IsUpAsync(http, process));
            Assert.Contains("\"cheap\"", await http.GetStringAsync(new Uri("/v1/models", UriKind.Relative)), StringComparison.Ordinal); // the new route is served
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static void Hangup(int pid)
    {
        using var kill = Process.Start("kill", ["-HUP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static async Task<bool> IsUpAsync(HttpClient http, Process process)
    {
        if (process.HasExited)
        {
            return false;
        }

        try
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
