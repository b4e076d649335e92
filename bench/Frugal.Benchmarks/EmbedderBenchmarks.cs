using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Benchmarks;

/// <summary>
/// The sentence-transformer embedders on one core (the process is pinned to CPU 0; ONNX Runtime runs
/// one intra-op thread): one short query (target ≤ 5 ms p50), and a batch of 64 texts for warm-up and
/// evaluation throughput (sentences/s = 1 / the per-text mean). Load time and the working set the model
/// adds are measured once in the setup and shown as columns. hashing is the baseline.
/// <c>dotnet run -c Release --project bench/Frugal.Benchmarks -- --filter '*EmbedderBenchmarks*'</c>
/// </summary>
[Config(typeof(EmbedderBenchmarkConfig))]
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EmbedderBenchmarks
{
    private const string Query = "How do I reset my card PIN?";
    private const int BatchTexts = 64;

    private static readonly string[] Phrases =
    [
        "I am still waiting on my card", "What can I do if my card still hasn't arrived after 2 weeks?", "My card has not arrived yet",
        "How do I top up by card?", "Why was I charged a fee for my transfer?", "Can I change my PIN at an ATM?",
        "The exchange rate applied to my payment is wrong", "Please close my account", "How long does a bank transfer take to arrive?",
        "I think someone else used my card", "Where can I use my virtual card?", "My top up was declined",
        "Is there a limit on how much I can withdraw?", "How do I verify my identity?", "The cash machine kept my card",
        "Why is my payment still pending?",
    ];

    private ILocalEmbedder _embedder = null!;
    private float[] _vector = null!;
    private string[] _batch = null!;
    private TimeSpan _loadTime;
    private long _workingSet;

    [Params("minilm", "arctic-xs", "hashing")]
    public string Embedder { get; set; } = "minilm";

    [GlobalSetup]
    public void Setup()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
        }

        var before = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        _embedder = (ILocalEmbedder)EmbedderFactory.Create(new EmbedderOptions { Kind = Embedder }, null);
        _vector = new float[_embedder.Dimensions];
        _embedder.Embed(Query, _vector); // the first run allocates ONNX Runtime's buffers: part of start-up
        _loadTime = Stopwatch.GetElapsedTime(started);
        _workingSet = Environment.WorkingSet - before;
        _batch = new string[BatchTexts];
        for (var i = 0; i < BatchTexts; i++)
        {
            _batch[i] = Phrases[i % Phrases.Length] + (i >= Phrases.Length ? $" ({i / Phrases.Length})" : string.Empty);
        }
    }

    [Benchmark(Description = "embed one short query")]
    public float EmbedOne()
    {
        _embedder.Embed(Query, _vector);
        return _vector[0];
    }

    [Benchmark(Description = "embed 64 texts (per text)", OperationsPerInvoke = BatchTexts)]
    public int EmbedBatch() => _embedder.EmbedMany(_batch).Length;

    [GlobalCleanup]
    public void Cleanup() => PerCallLatency.Measure(nameof(EmbedderBenchmarks), Embedder, Embedder == "hashing" ? 20_000 : 1_000, () => EmbedOne(),
        ("load", _loadTime.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms"),
        ("workingSet", (_workingSet / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture) + " MiB"));
}
