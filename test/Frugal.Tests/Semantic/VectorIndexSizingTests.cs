using Frugal.Core.Caching.Semantic.Index;

namespace Frugal.Tests.Semantic;

/// <summary>
/// Issue #12 finding 2: an index is sized by its content. A fresh index used to preallocate 1,024
/// rows (2 MB at 512 dimensions) and an HNSW graph kept every tombstone; a cache with thousands of
/// small contexts, or one that evicts, must not pay for that.
/// </summary>
public sealed class VectorIndexSizingTests
{
    [Fact]
    public void The_exact_index_grows_with_its_rows_and_shrinks_when_they_leave()
    {
        using var index = new ExactVectorIndex(64, initialCapacity: 1);
        var vectors = RandomVectors(300, 64, seed: 1);
        var empty = index.MemoryBytes;
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
            Assert.True(index.Capacity < 2 * (i + 1) + 1, $"capacity {index.Capacity} for {i + 1} rows");
        }

        var full = index.MemoryBytes;
        for (var i = 0; i < 295; i++)
        {
            index.Remove(i);
        }

        Assert.True(full > 300L * 64 * sizeof(float));
        Assert.True(index.Capacity <= 4 * 5, $"capacity {index.Capacity} for 5 rows");
        Assert.True(index.MemoryBytes < full / 10);
        Assert.True(empty < 2 * 1024);
        var results = new List<VectorMatch>();
        index.Search(vectors[297], 1, results);
        Assert.Equal(297, results[0].Id); // rows moved by the shrink are still found under their ids
    }

    [Fact]
    public void An_adaptive_index_rebuilds_when_tombstones_outnumber_live_nodes_and_returns_to_exact_search()
    {
        using var index = new AdaptiveVectorIndex(16, exactLimit: 200, m: 8, efConstruction: 32, efSearch: 64);
        var vectors = RandomVectors(600, 16, seed: 2);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        Assert.True(index.IsApproximate);
        var graphBytes = index.MemoryBytes;
        for (var i = 0; i < 550; i++)
        {
            Assert.True(index.Remove(i));
        }

        Assert.Equal(50, index.Count);
        Assert.False(index.IsApproximate); // 50 live vectors are at most half the exact limit
        Assert.True(index.MemoryBytes < graphBytes / 4, $"{index.MemoryBytes} bytes left of {graphBytes}");
        var results = new List<VectorMatch>();
        for (var i = 550; i < vectors.Length; i++)
        {
            index.Search(vectors[i], 1, results);
            Assert.Equal(i, results[0].Id);
        }
    }

    [Fact]
    public void A_graph_rebuilt_for_its_tombstones_stays_a_graph_when_many_live_nodes_are_left()
    {
        using var index = new AdaptiveVectorIndex(16, exactLimit: 100, m: 8, efConstruction: 32, efSearch: 64);
        var vectors = RandomVectors(600, 16, seed: 3);
        for (var i = 0; i < vectors.Length; i++)
        {
            index.Add(i, vectors[i]);
        }

        for (var i = 0; i < 400; i++)
        {
            index.Remove(i);
        }

        Assert.True(index.IsApproximate);
        Assert.Equal(200, index.Count);
        var results = new List<VectorMatch>();
        index.Search(vectors[450], 1, results);
        Assert.Equal(450, results[0].Id);
    }

    private static float[][] RandomVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                vector[d] = (float)(random.NextDouble() - 0.5);
            }

            System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm(vector), vector);
            vectors[i] = vector;
        }

        return vectors;
    }
}
