using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Frugal.Benchmarks;

/// <summary>
/// Shows a figure the benchmark process measured itself and left in a small file
/// (<see cref="PerCallLatency"/>): BDN runs each benchmark in a child process, so a column in
/// the host can only learn it that way.
/// </summary>
public class PerCallLatencyColumn(string name, string key) : IColumn
{
    public string Id => "frugal-" + key;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => key == "recall" ? "Share of lookups whose first result is the exact nearest neighbour" : $"Per-call {key} latency measured over individual lookups";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => PerCallLatency.Read(benchmarkCase.Descriptor.Type.Name, Parameters(benchmarkCase), key) ?? "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    private static string Parameters(BenchmarkCase benchmarkCase) =>
        string.Join("-", benchmarkCase.Parameters.Items.Select(p => p.Value?.ToString() ?? "null"));
}
