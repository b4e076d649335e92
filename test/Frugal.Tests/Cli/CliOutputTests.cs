using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Frugal.Cli;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using Frugal.Tools.SelfHosting;

namespace Frugal.Tests.Cli;

/// <summary>Estimates from the traffic span, tight hardware fits, progress only on a terminal, a busy port as one line.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliOutputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-cli-output", Guid.NewGuid().ToString("N"));

    public CliOutputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Estimate_from_the_ledger_extrapolates_from_one_hour_of_traffic_and_warns()
    {
        // 13 calls of $0.01, five minutes apart: one hour of traffic inside a 30-day window.
        var dataDir = Path.Combine(_dir, "data");
        var last = DateTimeOffset.UtcNow.AddMinutes(-10);
        using (var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(dataDir, "ledger.db"))))
        {
            await store.WriteBatchAsync([.. Enumerable.Range(0, 13).Select(i => Entry(i, last.AddMinutes(-5 * i)))], CancellationToken.None);
        }

        var config = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$"""{"dataDir":"{{dataDir}}"}""");

        var (code, output, error) = await CliRunner.RunAsync("estimate", "--from-ledger", "--since", "30d", "--what-if-model", "gpt-4o", "--config", config);

        Assert.Equal(0, code);
        Assert.Contains("13 model calls", output, StringComparison.Ordinal);
        Assert.Contains("based on 1 h 0 min of traffic", output, StringComparison.Ordinal);
        Assert.Contains("warning: only 1 h 0 min of recorded traffic (less than a day)", error, StringComparison.Ordinal);

        // $0.13 in one hour → × 24 × 30.4 = $94.85 a month (the window's 30 days would have given $0.13).
        var monthly = 0.13m * 24m * BillingCalendar.DaysPerMonth;
        Assert.Contains("≈ $" + monthly.ToString("N2", CultureInfo.InvariantCulture) + " / month", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seventy_b_fp16_on_one_h200_is_tight_not_a_fit()
    {
        var (code, output, _) = await CliRunner.RunAsync("roi", "hardware", "--params", "70B", "--quant", "F16");

        Assert.Equal(0, code);
        var h200 = output.Split('\n').Single(l => l.Contains("H200 141 GB", StringComparison.Ordinal));
        Assert.Contains("1 (tight:", h200, StringComparison.Ordinal);
        Assert.DoesNotContain("(fits)", h200, StringComparison.Ordinal);
        var mi300 = output.Split('\n').Single(l => l.Contains("MI300X", StringComparison.Ordinal));
        Assert.EndsWith("1 (fits)", mi300.TrimEnd(), StringComparison.Ordinal);

        var estimate = HardwareEstimator.Estimate(new HardwareInput { Parameters = 70_000_000_000m, Quant = QuantTable.Find("F16") });
        var fit = estimate.Estimates.Single().Gpus.Single(g => g.Card.Name.StartsWith("H200", StringComparison.Ordinal));
        Assert.True(fit.IsTight);
        Assert.InRange(fit.SpareGiB, 0m, 141m * HardwareEstimator.TightShare);
    }

    [Fact]
    public async Task The_comparison_marks_a_tight_smallest_gpu()
    {
        var (code, output, _) = await CliRunner.RunAsync("roi", "hardware", "--params", "70B", "--format", "json");

        Assert.Equal(0, code);
        Assert.Contains("\"tight\": true", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "xterm-256color", null, false)]
    [InlineData(false, "dumb", null, false)]
    [InlineData(false, "xterm-256color", "1", false)]
    [InlineData(false, "xterm-256color", null, true)]
    public void Progress_is_drawn_only_on_a_terminal(bool redirected, string? term, string? optOut, bool shown)
    {
        Assert.Equal(shown, CliProgress.ShouldShow(redirected, term, optOut));
    }

    [Fact]
    public async Task Redirected_output_of_a_long_command_has_no_progress_in_it()
    {
        Assert.False(CliProgress.Enabled); // the test host's stdout is a pipe

        var (code, output, error) = await CliRunner.RunAsync("pii", "eval", "--generated-cn", "40");

        Assert.Equal(0, code);
        Assert.Contains("Generated Chinese set", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.DoesNotContain("Scanning", output + error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task Serve_on_a_busy_port_prints_one_line_and_exits_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = Path.Combine(_dir, "frugal.json");
        await File.WriteAllTextAsync(config, $$$"""{"dataDir":"{{{Path.Combine(_dir, "serve-data")}}}","auth":{"mode":"none"}}""");

        var (code, output, error) = await CliRunner.RunAsync("serve", "--config", config, "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.DoesNotContain("listening", output, StringComparison.Ordinal);
        var only = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), only, StringComparison.Ordinal);
        Assert.Contains("in use", only, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static LedgerEntry Entry(int i, DateTimeOffset at) => new()
    {
        Timestamp = at,
        RequestId = $"req-{i}",
        Endpoint = "chat",
        KeyId = "key_1",
        KeyName = "service",
        RequestedModel = "gpt-4o-mini",
        Model = "gpt-4o-mini",
        Provider = "openai",
        Attempts = 1,
        Usage = new TokenUsage(1000, 0, 0, 0, 100, 0),
        CostUsd = 0.01m,
        LatencyMs = 5,
        StatusCode = 200,
        CacheOutcome = CacheOutcome.Miss,
    };
}
