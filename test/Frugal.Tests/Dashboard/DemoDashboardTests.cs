using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Dashboard;

/// <summary><c>frugal demo</c> ends by printing the dashboard URL; it keeps serving until Ctrl+C unless <c>--exit</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DemoDashboardTests
{
    [Fact]
    public async Task Demo_with_exit_prints_the_dashboard_url_and_returns()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", "demo-" + Guid.NewGuid().ToString("N"));

        var (code, output, error) = await CliRunner.RunAsync("demo", "--exit", "--data-dir", dataDir);

        Assert.True(code == 0, output + error);
        Assert.Matches(@"Dashboard: http://127\.0\.0\.1:\d+/dashboard", output);
        Assert.DoesNotContain("Serving until", output, StringComparison.Ordinal);

        // Issue #14: caches, auto and a budget are on; Frugal's own savings are apart from the provider's discount.
        Assert.Contains("On: exact cache, semantic cache", output, StringComparison.Ordinal);
        Assert.Matches(@"Replayed 348 requests \(.*300 faq.*\); 0 failed\.", output);
        Assert.Contains("each worded differently (no verbatim repeats)", output, StringComparison.Ordinal);
        var routing = Money(output, @"  routing +\$([0-9.]+)");
        var provider = Money(output, @"Not Frugal's: the provider's prompt-cache discount \$([0-9.]+)");
        var would = Money(output, @"would have cost +\$([0-9.]+)");
        var paid = Money(output, @"  paid +\$([0-9.]+)");
        var saved = Money(output, @"Frugal saved +\$([0-9.]+)");
        Assert.True(routing > 0m && provider > 0m, output);
        Assert.True(Math.Abs(would - (paid + saved)) <= 0.000002m, output);
        var totalSaved = decimal.Parse(output.Split('\n').Single(l => l.StartsWith("TOTAL", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(totalSaved - (saved + provider)) <= 0.000002m, output); // each saving is in exactly one of the two (printed to 6 places)
        Assert.Matches(@"moved to a cheaper tier by the budget's downgrade threshold: [1-9]", output);
    }

    private static decimal Money(string output, string pattern)
        => decimal.Parse(System.Text.RegularExpressions.Regex.Match(output, pattern).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Demo_serves_the_dashboard_until_interrupted()
    {
        var port = FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", "demo-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "frugal.dll"), "demo", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            while (!lines.Any(l => l.StartsWith("Serving until Ctrl+C", StringComparison.Ordinal)))
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("demo exited early: " + string.Join("\n", lines) + await process.StandardError.ReadToEndAsync());
                lines.Add(line);
            }

            Assert.Contains($"Dashboard: http://127.0.0.1:{port}/dashboard", lines);
            var replayed = int.Parse(lines.Single(l => l.StartsWith("Replayed ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            using (var page = await http.GetAsync(new Uri("/dashboard", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            using var summary = JsonDocument.Parse(await http.GetStringAsync(new Uri("/admin/dashboard/summary?period=24h", UriKind.Relative)));
            Assert.Equal(replayed, summary.RootElement.GetProperty("totals").GetProperty("requests").GetInt32());

            // Ctrl+C: SIGINT to the demo process we started (by its id), which stops gracefully and exits 0.
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
