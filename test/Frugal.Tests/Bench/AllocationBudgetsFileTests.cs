using System.Text.Json;
using System.Text.RegularExpressions;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Bench;

/// <summary>
/// bench/allocation-budgets.json names real benchmarks: a renamed or removed benchmark would otherwise turn into a
/// "did not run" failure only when someone runs bench/check-allocations.sh. Read from the sources, so the tests need
/// no reference to BenchmarkDotNet.
/// </summary>
public sealed partial class AllocationBudgetsFileTests
{
    [Fact]
    public void Every_budget_names_a_benchmark_method_and_parameter_value_that_exist()
    {
        using var budgets = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "bench", "allocation-budgets.json")));
        var sources = Directory.GetFiles(Path.Combine(RepoRoot.Path, "bench", "Frugal.Benchmarks"), "*.cs")
            .ToDictionary(file => Path.GetFileNameWithoutExtension(file), File.ReadAllText, StringComparer.Ordinal);
        var entries = budgets.RootElement.GetProperty("budgets").EnumerateObject().ToList();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            var name = BudgetName().Match(entry.Name);
            Assert.True(name.Success, $"'{entry.Name}' is not Class.Method or Class.Method(Param=value)");
            Assert.True(sources.TryGetValue(name.Groups["class"].Value, out var source), $"no bench/Frugal.Benchmarks/{name.Groups["class"].Value}.cs");
            Assert.Matches($@"\[Benchmark[^\]]*\]\s+public\s+[^(]*\b{name.Groups["method"].Value}\(", source);
            if (name.Groups["param"].Success)
            {
                Assert.Matches($@"\[Params\([^)]*""{name.Groups["value"].Value}""[^)]*\)\]\s+public\s+\S+\s+{name.Groups["param"].Value}\b", source);
            }

            Assert.InRange(entry.Value.GetInt64(), 1, 10_000_000);
        });
    }

    [GeneratedRegex(@"^(?<class>\w+)\.(?<method>\w+)(\((?<param>\w+)=(?<value>[^)]+)\))?$")]
    private static partial Regex BudgetName();
}
