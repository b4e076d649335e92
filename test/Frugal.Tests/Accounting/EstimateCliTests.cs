using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Accounting;

/// <summary>`frugal estimate`: the team's spreadsheet, checked against hand arithmetic.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EstimateCliTests
{
    [Fact]
    public async Task A_planned_workload_is_priced_per_request_day_month_and_year()
    {
        var (code, output, _) = await CliRunner.RunAsync("estimate", "--model", "gpt-4o-mini", "--requests-per-day", "10000", "--input-tokens", "500", "--output-tokens", "300");

        Assert.Equal(0, code);
        // (500 × $0.15 + 300 × $0.60) / 1M = $0.000255 a request; × 10,000 = $2.55 a day;
        // × 30.4 = $77.52 a month; × 12 = $930.24 a year.
        var line = output.Split('\n').Single(l => l.StartsWith("gpt-4o-mini ", StringComparison.Ordinal));
        Assert.Contains("$0.00025500", line, StringComparison.Ordinal);
        Assert.Contains("$2.55", line, StringComparison.Ordinal);
        Assert.Contains("$77.52", line, StringComparison.Ordinal);
        Assert.Contains("$930.24", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cached_and_batch_shares_lower_the_estimate()
    {
        var (code, output, _) = await CliRunner.RunAsync("estimate", "--model", "gpt-4o-mini", "--requests-per-day", "1000", "--input-tokens", "500", "--output-tokens", "300", "--cached-share", "0.4", "--batch-share", "0.5");

        Assert.Equal(0, code);
        // 200 cached: (300 × 0.15 + 200 × 0.075 + 300 × 0.60) / 1M = $0.00024; half of the requests at the 50% batch price:
        // 0.5 × 0.00024 + 0.5 × 0.00012 = $0.00018 a request, $0.18 a day.
        var line = output.Split('\n').Single(l => l.StartsWith("gpt-4o-mini ", StringComparison.Ordinal));
        Assert.Contains("$0.00018000", line, StringComparison.Ordinal);
        Assert.Contains("$0.18", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_lists_every_model_and_flags_unpriced_ones()
    {
        var (code, output, error) = await CliRunner.RunAsync("estimate", "--model", "gpt-4o-mini", "--compare", "gpt-4o,claude-sonnet-4,no-such-model", "--requests-per-day", "100", "--input-tokens", "1000", "--output-tokens", "100");

        Assert.Equal(1, code);
        Assert.Contains("gpt-4o ", output, StringComparison.Ordinal);
        Assert.Contains("claude-sonnet-4", output, StringComparison.Ordinal);
        Assert.Contains("no-such-model", error, StringComparison.Ordinal);
        Assert.Contains("no price", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cached-share", "1.5")]
    [InlineData("--requests-per-day", "-3")]
    [InlineData("--input-tokens", "lots")]
    public async Task Bad_numbers_are_refused_with_the_option_named(string option, string value)
    {
        var args = new List<string> { "estimate", "--model", "gpt-4o-mini", "--requests-per-day", "10", "--input-tokens", "1", "--output-tokens", "1" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, _, error) = await CliRunner.RunAsync([.. args]);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_traffic_can_be_repriced_on_another_model()
    {
        await using var gateway = await TestGateway.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using (await gateway.PostJsonAsync("/v1/chat/completions", $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"what if {{i}}"}]}"""))
            {
            }
        }

        await LedgerRows.FlushAsync(gateway);
        var rows = await LedgerRows.ReadAsync(gateway.DataDir);
        var input = rows.Sum(r => r.Long("input_tokens"));
        var output = rows.Sum(r => r.Long("output_tokens"));
        var config = Path.Combine(gateway.DataDir, "whatif.json");
        await File.WriteAllTextAsync(config, $$"""{"dataDir":"{{gateway.DataDir}}"}""");

        var (code, text, _) = await CliRunner.RunAsync("estimate", "--from-ledger", "--since", "1h", "--what-if-model", "gpt-4o", "--config", config);

        Assert.Equal(0, code);
        Assert.Contains("3 model calls", text, StringComparison.Ordinal);
        var onGpt4o = ((input * 2.50m) + (output * 10.00m)) / 1_000_000m; // gpt-4o list price
        Assert.Contains("$" + onGpt4o.ToString("N6", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }
}
