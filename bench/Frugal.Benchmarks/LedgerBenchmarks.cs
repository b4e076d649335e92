using BenchmarkDotNet.Attributes;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Diagnostics;
using Frugal.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frugal.Benchmarks;

/// <summary>
/// Ledger throughput: <see cref="EntriesPerOperation"/> entries enqueued from 4 concurrent
/// producers (as request threads would) and committed to a real SQLite file through the
/// LedgerWriter. Entries/s = EntriesPerOperation / mean time. Target: ≥ 20,000 entries/s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class LedgerBenchmarks
{
    public const int EntriesPerOperation = 20_000;

    private string _directory = null!;
    private LedgerWriter _writer = null!;
    private LedgerEntry[] _entries = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "frugal-bench-" + Guid.NewGuid().ToString("N"));
        var store = new SqliteLedgerStore(new SqliteDatabase(Path.Combine(_directory, "ledger.db")));
        _writer = new LedgerWriter(store, new LedgerOptions(), new FrugalMetrics(), NullLogger<LedgerWriter>.Instance);
        _writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _entries = Enumerable.Range(0, EntriesPerOperation).Select(Entry).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = EntriesPerOperation, Description = "enqueue + commit one ledger entry")]
    public async Task WriteEntries()
    {
        var round = Interlocked.Increment(ref _round);
        await Parallel.ForEachAsync(Enumerable.Range(0, 4), async (producer, _) =>
        {
            for (var i = producer; i < _entries.Length; i += 4)
            {
                await _writer.EnqueueAsync(_entries[i] with { RequestId = $"r{round}-{i}" });
            }
        });
        await _writer.FlushAsync(CancellationToken.None);
    }

    private static LedgerEntry Entry(int i) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + i),
        RequestId = $"seed-{i}",
        Endpoint = "chat",
        KeyId = $"key_{i % 20}",
        KeyName = $"service-{i % 20}",
        Team = i % 3 == 0 ? "sales" : "support",
        Tags = ["odoo", i % 2 == 0 ? "eu" : "us"],
        RequestedModel = "gpt-4o-mini",
        Model = "gpt-4o-mini",
        UpstreamModel = "gpt-4o-mini",
        Provider = "openai",
        Attempts = 1,
        AttemptLog = "openai/gpt-4o-mini:200:412ms",
        Usage = new TokenUsage(1200, 1024, 0, 0, 300, 0),
        CostUsd = 0.000283m,
        Savings = new Dictionary<SavingReason, decimal> { [SavingReason.ProviderCache] = 0.0000768m },
        LatencyMs = 412.5,
        TimeToFirstTokenMs = 180.2,
        StatusCode = 200,
        CacheOutcome = CacheOutcome.Miss,
    };
}
