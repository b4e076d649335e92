using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Tools.SelfHosting;

/// <summary>`frugal roi` and `frugal roi hardware` end to end: what a person reads, and the errors they get.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RoiCliTests
{
    private static readonly string[] Worked =
    [
        "roi", "--api-input-price", "3", "--api-output-price", "15",
        "--requests-per-day", "20000", "--input-tokens", "1500", "--output-tokens", "400",
        "--gpu-hourly", "2.5", "--gpus", "2", "--tokens-per-second", "2500", "--engineering-hours", "80",
    ];

    /// <summary>The first row whose label is <paramref name="startsWith"/> (labels are followed by at least two spaces).</summary>
    private static string Line(string output, string startsWith) =>
        output.Split('\n').First(l => l.TrimStart().StartsWith(startsWith + "  ", StringComparison.Ordinal));

    [Fact]
    public async Task Hardware_for_70b_q4_k_m_prints_the_sheet()
    {
        var (code, output, error) = await CliRunner.RunAsync("roi", "hardware", "--params", "70B", "--quant", "Q4_K_M", "--context", "8192");

        Assert.True(code == 0, error);
        Assert.Contains("Llama 3.1 70B: 80 layers, 8 KV heads, head dim 128", output, StringComparison.Ordinal);
        Assert.Contains("39.52", Line(output, "weights"), StringComparison.Ordinal);
        Assert.Contains("42.44", Line(output, "weights"), StringComparison.Ordinal);
        Assert.Contains("2.50", Line(output, "KV cache"), StringComparison.Ordinal);
        Assert.Contains("2.68", Line(output, "KV cache"), StringComparison.Ordinal);
        Assert.Contains("44.50", Line(output, "total on one device"), StringComparison.Ordinal);
        Assert.EndsWith("1 (fits)", Line(output, "L40S 48 GB").TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("2", Line(output, "RTX 4090 24 GB").TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("fits, 15.5 GiB spare", Line(output, "64 GB"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hardware_without_a_quant_compares_every_level()
    {
        var (code, output, _) = await CliRunner.RunAsync("roi", "hardware", "--params", "8B");

        Assert.Equal(0, code);
        foreach (var quant in new[] { "fp16", "int8", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "int4", "Q3_K_M", "Q2_K" })
        {
            Assert.Contains(Environment.NewLine + quant + " ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hardware_json_has_the_numbers()
    {
        var (code, output, _) = await CliRunner.RunAsync("roi", "hardware", "--params", "70B", "--quant", "q4_k_m", "--context", "8192", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var estimate = json.RootElement.GetProperty("estimates")[0];
        Assert.Equal("Q4_K_M", estimate.GetProperty("quant").GetString());
        Assert.Equal(2.5m, estimate.GetProperty("kv_cache_gib").GetDecimal());
        Assert.Equal(44.5m, estimate.GetProperty("total_gib").GetDecimal());
    }

    [Fact]
    public async Task Roi_worked_example_prints_payback()
    {
        var (code, output, error) = await CliRunner.RunAsync(Worked);

        // Hand arithmetic in RoiCalculatorTests.Worked_example_pays_back_in_about_four_months.
        Assert.True(code == 0, error);
        Assert.Contains("$6,384.00", Line(output, "API"), StringComparison.Ordinal);
        Assert.Contains("$4,448.00", Line(output, "self-hosted"), StringComparison.Ordinal);
        Assert.Contains("$1,936.00", Line(output, "saving"), StringComparison.Ordinal);
        Assert.Contains("4.1 months", Line(output, "payback"), StringComparison.Ordinal);
        Assert.Contains("13,935 req/day", Line(output, "break-even volume"), StringComparison.Ordinal);
        Assert.Contains("The load needs only 1 GPU", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_says_never_when_self_hosting_is_dearer()
    {
        var args = Worked.ToArray();
        args[Array.IndexOf(args, "--api-input-price") + 1] = "0.15";
        args[Array.IndexOf(args, "--api-output-price") + 1] = "0.60";

        var (code, output, _) = await CliRunner.RunAsync(args);

        Assert.Equal(0, code);
        Assert.EndsWith("never", Line(output, "payback").TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("NOT reachable", Line(output, "break-even volume"), StringComparison.Ordinal);
        Assert.Contains("stay on the API", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_flags_a_capacity_shortfall()
    {
        var args = Worked.ToArray();
        args[Array.IndexOf(args, "--requests-per-day") + 1] = "50000";
        args[Array.IndexOf(args, "--gpus") + 1] = "1";
        args[Array.IndexOf(args, "--tokens-per-second") + 1] = "1000";

        var (code, output, _) = await CliRunner.RunAsync(args);

        Assert.Equal(0, code);
        Assert.Contains("SHORTFALL", Line(output, "GPUs the load needs"), StringComparison.Ordinal);
        Assert.Contains("$4,448.00", Line(output, "self-hosted on 2 GPUs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_json_writes_never_as_null()
    {
        var args = Worked.ToArray();
        args[Array.IndexOf(args, "--api-input-price") + 1] = "0.15";
        args[Array.IndexOf(args, "--api-output-price") + 1] = "0.60";

        var (code, output, _) = await CliRunner.RunAsync([.. args, "--format", "json"]);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("payback_months").ValueKind);
        Assert.Equal(282.72m, json.RootElement.GetProperty("api_monthly_usd").GetDecimal());
    }

    [Fact]
    public async Task Roi_prices_a_catalog_model()
    {
        // gpt-4o: $2.50 input, $1.25 cached, $10 output. 30% of 1,500 = 450 cached:
        // (1,050 × 2.50 + 450 × 1.25 + 400 × 10) / 1M = $0.0071875 a request; × 20,000 × 30.4 = $4,370.00 a month.
        var (code, output, error) = await CliRunner.RunAsync("roi", "--api-model", "gpt-4o", "--cached-share", "0.3",
            "--requests-per-day", "20000", "--input-tokens", "1500", "--output-tokens", "400",
            "--gpu-hourly", "2.5", "--gpus", "2", "--tokens-per-second", "2500");

        Assert.True(code == 0, error);
        Assert.Contains("$4,370.00", Line(output, "API"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--utilization", "1.5", "--utilization")]
    [InlineData("--utilization", "0", "--utilization")]
    [InlineData("--gpus", "-2", "--gpus")]
    [InlineData("--requests-per-day", "-5", "--requests-per-day")]
    [InlineData("--engineering-hours", "-1", "--engineering-hours")]
    [InlineData("--tokens-per-second", "0", "--tokens-per-second")]
    [InlineData("--gpu-hourly", "cheap", "--gpu-hourly")]
    [InlineData("--format", "xml", "--format")]
    public async Task Roi_refuses_bad_numbers_naming_the_option(string option, string value, string expected)
    {
        var args = Worked.ToList();
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
        Assert.StartsWith($"error: {expected}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_needs_a_price_and_only_one_kind()
    {
        var (none, _, noneError) = await CliRunner.RunAsync("roi", "--requests-per-day", "1", "--input-tokens", "1", "--output-tokens", "1", "--gpu-hourly", "1", "--tokens-per-second", "1");
        var (both, _, bothError) = await CliRunner.RunAsync([.. Worked, "--api-model", "gpt-4o"]);
        var (unknown, _, unknownError) = await CliRunner.RunAsync("roi", "--api-model", "no-such-model", "--requests-per-day", "1", "--input-tokens", "1", "--output-tokens", "1", "--gpu-hourly", "1", "--tokens-per-second", "1");

        Assert.Equal(2, none);
        Assert.Contains("--api-model", noneError, StringComparison.Ordinal);
        Assert.Equal(2, both);
        Assert.Contains("not both", bothError, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("No price for 'no-such-model'", unknownError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--params", "abc", "--params must be a model size")]
    [InlineData("--params", "70", "write 70B for 70 billion")]
    [InlineData("--params", "-7B", "--params must be a model size")]
    [InlineData("--quant", "Q4", "--quant must be one of")]
    [InlineData("--kv-cache", "fp8", "--kv-cache must be one of")]
    [InlineData("--context", "-1", "--context must be")]
    [InlineData("--layers", "0", "--layers must be")]
    public async Task Hardware_refuses_bad_input_with_a_clear_message(string option, string value, string expected)
    {
        var args = new List<string> { "roi", "hardware", "--params", "8B" };
        if (option == "--params")
        {
            args[3] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, _, error) = await CliRunner.RunAsync([.. args]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_roi_subcommand_and_typos_are_errors()
    {
        var (sub, _, subError) = await CliRunner.RunAsync("roi", "gpus");
        var (typo, _, typoError) = await CliRunner.RunAsync("roi", "hardware", "--params", "8B", "--qaunt", "Q4_K_M");

        Assert.Equal(2, sub);
        Assert.Contains("unknown command 'gpus' for 'frugal roi'", subError, StringComparison.Ordinal);
        Assert.Equal(2, typo);
        Assert.Contains("--qaunt", typoError, StringComparison.Ordinal);
    }
}
