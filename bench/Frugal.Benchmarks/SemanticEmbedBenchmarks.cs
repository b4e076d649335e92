using BenchmarkDotNet.Attributes;
using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Benchmarks;

/// <summary>
/// Embedding one typical query with the local embedders. Target: ≤ 0.2 ms. The GloVe and hybrid
/// cases run only when the model is installed (<c>frugal models pull glove</c> into the repo's
/// frugal-data, or FRUGAL_DATA_DIR).
/// </summary>
[Config(typeof(SemanticBenchmarkConfig))]
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SemanticEmbedBenchmarks
{
    private const string Query = "How do I reset my password if I no longer have access to the email on my account?";

    private ILocalEmbedder _embedder = null!;
    private float[] _vector = null!;

    [ParamsSource(nameof(Embedders))]
    public string Embedder { get; set; } = "hashing";

    public static IEnumerable<string> Embedders()
    {
        yield return "hashing";
        if (File.Exists(GloveEmbedder.ModelPath(DataDir())))
        {
            yield return "glove";
            yield return "hybrid";
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _embedder = Embedder switch
        {
            "hashing" => new HashingEmbedder(),
            "glove" => GloveEmbedder.Load(GloveEmbedder.ModelPath(DataDir())),
            _ => new HybridEmbedder(GloveEmbedder.Load(GloveEmbedder.ModelPath(DataDir())), new HashingEmbedder()),
        };
        _vector = new float[_embedder.Dimensions];
    }

    [Benchmark(Description = "embed a typical query")]
    public float Embed()
    {
        _embedder.Embed(Query, _vector);
        return _vector[0];
    }

    [GlobalCleanup]
    public void Cleanup() => PerCallLatency.Measure(nameof(SemanticEmbedBenchmarks), Embedder, 20_000, () => Embed(), ("recall", "n/a"));

    private static string DataDir()
    {
        if (Environment.GetEnvironmentVariable("FRUGAL_DATA_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Frugal.slnx")))
            {
                return Path.Combine(dir.FullName, "frugal-data");
            }
        }

        return "frugal-data";
    }
}
