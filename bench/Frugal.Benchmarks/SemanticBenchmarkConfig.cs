using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Frugal.Benchmarks;

/// <summary>
/// Adds the P95 of BenchmarkDotNet's iterations and <see cref="PerCallLatencyColumn"/>: BDN's
/// percentiles are over iteration means (thousands of calls each), while the budget is a
/// per-lookup p99, which the benchmark measures call by call itself.
/// </summary>
public class SemanticBenchmarkConfig : ManualConfig
{
    public SemanticBenchmarkConfig()
    {
        AddColumn(StatisticColumn.P95);
        AddColumn(new PerCallLatencyColumn("p50/call", "p50"));
        AddColumn(new PerCallLatencyColumn("p99/call", "p99"));
        AddColumn(new PerCallLatencyColumn("recall@1", "recall"));

        // The generated benchmark project is built in a child process; on a loaded 2-core machine
        // the default 2 minutes is not always enough.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
