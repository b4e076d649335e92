using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Frugal.Benchmarks;

/// <summary>
/// `-- --check-allocations bench/allocation-budgets.json`: runs every benchmark named in the budgets file in one short
/// in-process job with the memory diagnoser, exports the results as JSON (BenchmarkDotNet.Artifacts/results), and fails
/// naming each benchmark whose bytes allocated per operation exceed its budget, or that did not run. Allocation per
/// operation is deterministic, so three iterations are enough; the timings of this run mean nothing.
/// </summary>
public static class AllocationCheck
{
    public const string Flag = "--check-allocations";

    public static int Run(string budgetsPath)
    {
        var budgets = AllocationBudgets.Read(budgetsPath);
        var job = Job.Default
            .WithId("allocations")
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full)
            .AddFilter(new SimpleFilter(benchmark => benchmark.Job.Id == job.Id && budgets.ContainsKey(AllocationBudgets.Name(benchmark))))
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var types = budgets.Keys.Select(name => name.Split('.')[0]).Distinct(StringComparer.Ordinal)
            .Select(name => typeof(AllocationCheck).Assembly.GetType($"{typeof(AllocationCheck).Namespace}.{name}") ?? throw new InvalidOperationException($"no benchmark class {name}"))
            .ToArray();

        var measured = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var summary in BenchmarkRunner.Run(types, config))
        {
            foreach (var report in summary.Reports)
            {
                if (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } bytes)
                {
                    measured[AllocationBudgets.Name(report.BenchmarkCase)] = bytes;
                }
            }
        }

        return Compare(budgets, measured);
    }

    private static int Compare(IReadOnlyDictionary<string, long> budgets, Dictionary<string, long> measured)
    {
        var failures = 0;
        Console.WriteLine();
        Console.WriteLine($"{"benchmark",-50} {"allocated B/op",15} {"budget B/op",12}");
        foreach (var (name, budget) in budgets.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            if (!measured.TryGetValue(name, out var bytes))
            {
                Console.WriteLine($"{name,-50} {"did not run",15} {budget,12}  FAIL");
                failures++;
                continue;
            }

            var over = bytes > budget;
            failures += over ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-50} {bytes,15} {budget,12}{(over ? "  OVER BUDGET" : string.Empty)}"));
        }

        Console.WriteLine(failures == 0 ? "allocation budgets: all within budget" : $"allocation budgets: {failures} benchmark(s) over budget or missing");
        return failures == 0 ? 0 : 1;
    }
}
