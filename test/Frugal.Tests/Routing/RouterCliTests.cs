using System.Globalization;
using System.Text.RegularExpressions;
using Frugal.Core.Routing.Learned;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Routing;

[Collection(ConsoleCollection.Name)]
public sealed partial class RouterCliTests : IDisposable
{
    private const string Weak = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    private const string Strong = "gpt-4-1106-preview";

    // Three subjects of different difficulty for the weak model, ~1,300 prompts: small enough for a test.
    private static readonly string[] Subjects = ["mmlu_moral_scenarios.csv", "mmlu_high_school_geography.csv", "mmlu_sociology.csv"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-router-cli-tests", Guid.NewGuid().ToString("N"));

    public RouterCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Trait("Category", "Slow")]
    [SharedDataFact]
    public async Task Train_then_eval_on_three_mmlu_subjects()
    {
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        var source = Path.Combine(SharedDataFactAttribute.Folder, "routellm-mmlu");
        foreach (var subject in Subjects)
        {
            File.Copy(Path.Combine(source, subject), Path.Combine(data, subject));
        }

        var model = Path.Combine(_dir, "out", "router.json");
        var (trained, trainOut, trainError) = await CliRunner.RunAsync(
            "router", "train", "--data", data, "--prompt-col", "prompt", "--weak-col", Weak, "--strong-col", Strong,
            "--out", model, "--target-strong-share", "0.3", "--seed", "1", "--test-share", "0.2");

        Assert.True(trained == 0, trainOut + trainError);
        Assert.Contains("from 3 file(s)", trainOut, StringComparison.Ordinal);
        Assert.Contains("Training time:", trainOut, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        Assert.Equal(0.2, LearnedRouterModel.Load(model).Info.TestShare);

        var (evaluated, evalOut, evalError) = await CliRunner.RunAsync(
            "router", "eval", "--data", data, "--model", model, "--weak-col", Weak, "--strong-col", Strong);

        Assert.True(evaluated == 0, evalOut + evalError);
        var learned = LearnedRow().Match(evalOut);
        Assert.True(learned.Success, evalOut);
        var apgr = double.Parse(learned.Groups["apgr"].Value, CultureInfo.InvariantCulture);
        Assert.True(apgr > 0.4, $"APGR {apgr}\n{evalOut}");
        Assert.Contains("random (expected)          0.500", evalOut, StringComparison.Ordinal);
        Assert.Contains("prompt length", evalOut, StringComparison.Ordinal);
        Assert.Contains("CPT(80%)", evalOut, StringComparison.Ordinal);
        Assert.Contains("100 %", evalOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_column_is_an_error_that_names_it()
    {
        var csv = Path.Combine(_dir, "tiny.csv");
        await File.WriteAllTextAsync(csv, "prompt,weak,strong\n\"a, b\",True,False\n");

        var (code, _, error) = await CliRunner.RunAsync("router", "train", "--data", csv, "--weak-col", "weak", "--strong-col", "gpt", "--out", Path.Combine(_dir, "r.json"));

        Assert.Equal(1, code);
        Assert.Contains("no column 'gpt'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_few_rows_is_an_error_not_a_crash()
    {
        var csv = Path.Combine(_dir, "tiny.csv");
        await File.WriteAllTextAsync(csv, "prompt,weak,strong\n\"a, b\",True,False\nc,False,True\n");

        var (code, _, error) = await CliRunner.RunAsync("router", "train", "--data", csv, "--weak-col", "weak", "--strong-col", "strong", "--out", Path.Combine(_dir, "r.json"), "--test-share", "0");

        Assert.Equal(1, code);
        Assert.Contains("at least 50 rows", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("router")]
    [InlineData("router", "fit")]
    [InlineData("router", "train", "--data", "x.csv", "--weak-col", "w", "--strong-col", "s", "--out", "r.json", "--quality-floor", "0.9", "--target-strong-share", "0.3")]
    [InlineData("router", "eval", "--data", "x.csv", "--model", "r.json", "--weak-col", "w", "--strong-col", "s", "--typo", "1")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("error:", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^learned\s+(?<apgr>\d\.\d{3})\s+", RegexOptions.Multiline)]
    private static partial Regex LearnedRow();
}
