using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Frugal.Benchmarks;

/// <summary>
/// <see cref="EmbedderBenchmarks"/>' own figures beside BenchmarkDotNet's: the per-call p50/p99 of one
/// short query, the model's load time and the working set it added to the process.
/// </summary>
public class EmbedderBenchmarkConfig : ManualConfig
{
    public EmbedderBenchmarkConfig()
    {
        AddColumn(StatisticColumn.P95);
        AddColumn(new PerCallLatencyColumn("p50/call", "p50"));
        AddColumn(new PerCallLatencyColumn("p99/call", "p99"));
        AddColumn(new PerCallLatencyColumn("load", "load"));
        AddColumn(new PerCallLatencyColumn("+working set", "workingSet"));
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
