using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Caching.Semantic.Index;

namespace Frugal.Benchmarks;

/// <summary>
/// Semantic-cache lookup over 100,000 normalised 512-d vectors (the hashing embedder's size):
/// exact scan vs HNSW (defaults: M 16, efConstruction 100, efSearch 32). Targets: p99 ≤ 1 ms per lookup.
/// Vectors are clustered like text embeddings: 2,000 random topic directions with 50 entries each
/// (similarity ≈ 0.7 to their topic, ≈ 0.5 to each other, ≈ 0 across topics); each query is a
/// stored vector plus noise (similarity ≈ 0.9 to it), as a reworded repeat question is. Uniformly
/// random 512-d vectors are a poor stand-in: with no neighbourhood structure a graph index can only
/// stumble on the target (recall@1 92% at efSearch 128 there, 76% at 64). The HNSW graph
/// takes minutes to build, so it is cached under the temp directory after the first run.
/// </summary>
[Config(typeof(SemanticBenchmarkConfig))]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SemanticBenchmarks
{
    public const int Entries = 100_000;
    public const int Dimensions = HashingEmbedder.DefaultDimensions;
    private const int QueryCount = 1_000;

    private readonly List<VectorMatch> _results = new(8);
    private IVectorIndex _index = null!;
    private float[][] _queries = null!;
    private int _next;

    [Params("exact", "hnsw")]
    public string Index { get; set; } = "exact";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var vectors = Vectors(random);
        _queries = new float[QueryCount][];
        for (var i = 0; i < QueryCount; i++)
        {
            var query = (float[])vectors[random.Next(Entries)].Clone();
            var noise = RandomUnit(random);
            for (var d = 0; d < Dimensions; d++)
            {
                query[d] += 0.48f * noise[d];
            }

            Normalize(query);
            _queries[i] = query;
        }

        _index = Index == "exact" ? BuildExact(vectors) : LoadOrBuildHnsw(vectors);
    }

    [Benchmark(Description = "top-8 lookup")]
    public int Search()
    {
        _index.Search(_queries[_next++ % QueryCount], 8, _results);
        return _results.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var recall = string.Empty;
        if (_index is HnswVectorIndex)
        {
            using var exact = new ExactVectorIndex(Dimensions, Entries);
            // Recall is measured against an exact index over the same vectors (regenerated: same seed).
            var vectors = Vectors(new Random(7));
            for (var i = 0; i < Entries; i++)
            {
                exact.Add(i, vectors[i]);
            }

            var exactResults = new List<VectorMatch>();
            var agree = 0;
            const int Checked = 300;
            for (var i = 0; i < Checked; i++)
            {
                exact.Search(_queries[i], 1, exactResults);
                _index.Search(_queries[i], 1, _results);
                agree += _results.Count > 0 && _results[0].Id == exactResults[0].Id ? 1 : 0;
            }

            recall = ((double)agree / Checked).ToString("P1", CultureInfo.InvariantCulture);
        }
        else
        {
            recall = "100 %";
        }

        var calls = _index is HnswVectorIndex ? 20_000 : 500;
        PerCallLatency.Measure(nameof(SemanticBenchmarks), Index, calls, () => Search(), ("recall", recall));
        _index.Dispose();
    }

    private static float[][] Vectors(Random random)
    {
        const int Topics = 2_000;
        var topics = new float[Topics][];
        for (var t = 0; t < Topics; t++)
        {
            topics[t] = RandomUnit(random);
        }

        var vectors = new float[Entries][];
        for (var i = 0; i < Entries; i++)
        {
            var vector = RandomUnit(random);
            var topic = topics[i % Topics];
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] += topic[d];
            }

            Normalize(vector);
            vectors[i] = vector;
        }

        return vectors;
    }

    private static ExactVectorIndex BuildExact(float[][] vectors)
    {
        var index = new ExactVectorIndex(Dimensions, Entries);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        return index;
    }

    private static HnswVectorIndex LoadOrBuildHnsw(float[][] vectors)
    {
        var path = Path.Combine(Path.GetTempPath(), "frugal-bench", $"hnsw-{Entries}-{Dimensions}-topics-seed7-v1.bin");
        if (File.Exists(path))
        {
            using var input = File.OpenRead(path);
            var loaded = HnswVectorIndex.Load(input);
            loaded.EfSearch = HnswVectorIndex.DefaultEfSearch; // the file keeps the value it was saved with
            return loaded;
        }

        var started = Stopwatch.GetTimestamp();
        var index = new HnswVectorIndex(Dimensions, initialCapacity: Entries);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        Console.WriteLine($"// HNSW build of {Entries:N0} × {Dimensions}: {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var output = File.Create(path + ".tmp"))
        {
            index.Save(output);
        }

        File.Move(path + ".tmp", path, overwrite: true);
        return index;
    }

    private static float[] RandomUnit(Random random)
    {
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            // Box–Muller: Gaussian components give a uniform direction once normalised.
            vector[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        Normalize(vector);
        return vector;
    }

    private static void Normalize(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
    }
}
