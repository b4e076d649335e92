using System.Numerics.Tensors;
using Frugal.Core.Caching.Semantic.Index;

namespace Frugal.Tests.Semantic;

public sealed class VectorIndexTests
{
    [Fact]
    public void Exact_search_returns_the_k_best_in_order_and_handles_remove_and_replace()
    {
        using var index = new ExactVectorIndex(3);
        index.Add(1, Unit(1, 0, 0));
        index.Add(2, Unit(1, 1, 0));
        index.Add(3, Unit(0, 1, 0));
        index.Add(4, Unit(0, 0, 1));
        var results = new List<VectorMatch>();

        index.Search(Unit(1, 0.1f, 0), 2, results);
        Assert.Equal([1L, 2L], results.Select(r => r.Id));
        Assert.True(results[0].Score > results[1].Score);

        Assert.True(index.Remove(1));
        Assert.False(index.Remove(1));
        index.Add(3, Unit(1, 0, 0)); // replace
        index.Search(Unit(1, 0.1f, 0), 10, results);

        Assert.Equal(3, index.Count);
        Assert.Equal([3L, 2L, 4L], results.Select(r => r.Id));
    }

    [Fact]
    public void Exact_index_round_trips_through_save_and_load()
    {
        var vectors = RandomVectors(500, 16, seed: 3);
        using var index = new ExactVectorIndex(16);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i * 10, vectors[i]);
        }

        index.Remove(40);
        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using var loaded = ExactVectorIndex.Load(stream);

        Assert.Equal(index.Count, loaded.Count);
        AssertSameResults(index, loaded, RandomVectors(50, 16, seed: 4), 5);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Hnsw_recall_at_1_is_at_least_95_percent_of_exact_on_20k_random_64d_vectors()
    {
        const int Dimensions = 64;
        var vectors = RandomVectors(20_000, Dimensions, seed: 1);
        // efConstruction 64 keeps the build within the test budget; efSearch 200 buys the recall
        // that uniformly random 64-d data (no clusters to exploit) needs.
        using var hnsw = new HnswVectorIndex(Dimensions, m: 16, efConstruction: 64, efSearch: 200, seed: 42, initialCapacity: vectors.Length);
        using var exact = new ExactVectorIndex(Dimensions, vectors.Length);
        for (var i = 0; i < vectors.Length; i++)
        {
            hnsw.Add(i, vectors[i]);
            exact.Add(i, vectors[i]);
        }

        var queries = RandomVectors(300, Dimensions, seed: 2);
        List<VectorMatch> expected = [], actual = [];
        var agree = 0;
        foreach (var query in queries)
        {
            exact.Search(query, 1, expected);
            hnsw.Search(query, 1, actual);
            agree += actual[0].Id == expected[0].Id ? 1 : 0;
        }

        var recall = (double)agree / queries.Length;
        Assert.True(recall >= 0.95, $"recall@1 {recall:P1}");
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Hnsw_save_and_load_give_identical_results_and_the_same_graph_afterwards()
    {
        var vectors = RandomVectors(3_000, 32, seed: 5);
        using var index = new HnswVectorIndex(32, m: 8, efConstruction: 40, efSearch: 32, seed: 7);
        for (var i = 0; i < 2_000; i++)
        {
            index.Add(i, vectors[i]);
        }

        index.Remove(17);
        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using var loaded = HnswVectorIndex.Load(stream);
        var queries = RandomVectors(100, 32, seed: 6);

        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(index.NodeCount, loaded.NodeCount);
        AssertSameResults(index, loaded, queries, 10);

        // Both continue deterministically: the same later inserts build the same graph.
        for (var i = 2_000; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
            loaded.Add(i, vectors[i]);
        }

        AssertSameResults(index, loaded, queries, 10);
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        index.Save(first);
        loaded.Save(second);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void Hnsw_never_returns_a_removed_or_replaced_entry()
    {
        var vectors = RandomVectors(1_000, 16, seed: 8);
        using var index = new HnswVectorIndex(16, m: 8, efConstruction: 40, seed: 1);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        for (var i = 0; i < vectors.Length; i += 2)
        {
            index.Remove(i);
        }

        index.Add(1, vectors[0]); // id 1 now sits where id 0 was
        var results = new List<VectorMatch>();
        index.Search(vectors[0], 5, results);

        Assert.Equal(500, index.Count);
        Assert.Equal(1, results[0].Id);
        Assert.All(results, r => Assert.True(r.Id % 2 == 1));
        index.Search(vectors[2], 5, results);
        Assert.DoesNotContain(results, r => r.Id == 2);
    }

    [Fact]
    public void Adaptive_index_is_exact_until_the_limit_then_switches_to_hnsw_and_keeps_every_entry()
    {
        var vectors = RandomVectors(700, 24, seed: 9);
        using var index = new AdaptiveVectorIndex(24, exactLimit: 500, m: 8, efConstruction: 64, efSearch: 64);
        for (var i = 0; i < 500; i++)
        {
            index.Add(i, vectors[i]);
        }

        Assert.False(index.IsApproximate);
        for (var i = 500; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        Assert.True(index.IsApproximate);
        Assert.Equal(700, index.Count);
        var results = new List<VectorMatch>();
        index.Search(vectors[123], 1, results);
        Assert.Equal(123, results[0].Id);

        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using var loaded = AdaptiveVectorIndex.Load(stream);
        Assert.True(loaded.IsApproximate);
        AssertSameResults(index, loaded, RandomVectors(30, 24, seed: 10), 5);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Searches_run_concurrently_with_a_writer()
    {
        var vectors = RandomVectors(3_000, 16, seed: 11);
        using var index = new HnswVectorIndex(16, m: 8, efConstruction: 32, efSearch: 32);
        for (var i = 0; i < 500; i++)
        {
            index.Add(i, vectors[i]);
        }

        var writer = Task.Run(() =>
        {
            for (var i = 500; i < vectors.Length; i++)
            {
                index.Add(i, vectors[i]);
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var results = new List<VectorMatch>();
            for (var i = 0; i < 2_000; i++)
            {
                index.Search(vectors[((i * 7) + r) % 500], 3, results);
                Assert.NotEmpty(results);
            }
        })).ToArray();

        await Task.WhenAll([writer, .. readers]);
        Assert.Equal(vectors.Length, index.Count);
    }

    private static void AssertSameResults(IVectorIndex a, IVectorIndex b, float[][] queries, int k)
    {
        List<VectorMatch> first = [], second = [];
        foreach (var query in queries)
        {
            a.Search(query, k, first);
            b.Search(query, k, second);
            Assert.Equal(first, second);
        }
    }

    internal static float[][] RandomVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[i] = vector;
        }

        return vectors;
    }

    private static float[] Unit(params float[] values)
    {
        TensorPrimitives.Divide(values, TensorPrimitives.Norm(values), values);
        return values;
    }
}
