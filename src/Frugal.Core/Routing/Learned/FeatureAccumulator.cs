using System.Buffers;

namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Collects the hashed features of one prompt, block by block: <see cref="Add"/> each
/// occurrence, <see cref="EndBlock"/> turns the block's distinct features into signed bucket
/// values — 1 + ln(term frequency), L2-normalised over the block — and <see cref="ToVector"/>
/// merges the blocks (colliding buckets add up) into a sorted sparse vector. Buffers come from
/// the shared array pool, so extraction on the request path allocates only the result.
/// </summary>
internal sealed class FeatureAccumulator : IDisposable
{
    private readonly int _buckets;
    private ulong[] _hashes;
    private int[] _indices;
    private float[] _values;
    private int _hashCount;
    private int _pairCount;

    /// <param name="buckets">A power of two: the bucket is the hash's bits above the sign bit, masked.</param>
    /// <param name="capacity">Upper bound on the occurrences <see cref="Add"/> receives over all blocks.</param>
    public FeatureAccumulator(int buckets, int capacity)
    {
        _buckets = buckets;
        capacity = Math.Max(16, capacity);
        _hashes = ArrayPool<ulong>.Shared.Rent(capacity);
        _indices = ArrayPool<int>.Shared.Rent(capacity);
        _values = ArrayPool<float>.Shared.Rent(capacity);
    }

    public void Add(ulong hash) => _hashes[_hashCount++] = hash;

    public void EndBlock()
    {
        if (_hashCount == 0)
        {
            return;
        }

        // Sorting puts a feature's occurrences side by side, so its term frequency is a run length.
        var hashes = _hashes.AsSpan(0, _hashCount);
        hashes.Sort();
        var start = _pairCount;
        var sumSquares = 0.0;
        var i = 0;
        while (i < hashes.Length)
        {
            var hash = hashes[i];
            var tf = 1;
            while (++i < hashes.Length && hashes[i] == hash)
            {
                tf++;
            }

            var value = tf == 1 ? 1f : 1f + MathF.Log(tf);
            sumSquares += value * value;
            _indices[_pairCount] = (int)((hash >> 1) & (ulong)(_buckets - 1));
            _values[_pairCount++] = (hash & 1) == 0 ? value : -value; // the sign makes collisions cancel on average
        }

        var scale = (float)(1 / Math.Sqrt(sumSquares));
        for (var k = start; k < _pairCount; k++)
        {
            _values[k] *= scale;
        }

        _hashCount = 0;
    }

    /// <summary>The blocks as a sparse vector sorted by index, with <paramref name="dense"/> appended after the buckets.</summary>
    public SparseVector ToVector(ReadOnlySpan<float> dense)
    {
        var indices = _indices.AsSpan(0, _pairCount);
        var values = _values.AsSpan(0, _pairCount);
        indices.Sort(values);
        var resultIndices = new List<int>(_pairCount + dense.Length);
        var resultValues = new List<float>(_pairCount + dense.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            if (resultIndices.Count > 0 && resultIndices[^1] == indices[i])
            {
                resultValues[^1] += values[i];
            }
            else
            {
                resultIndices.Add(indices[i]);
                resultValues.Add(values[i]);
            }
        }

        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                resultIndices.Add(_buckets + i);
                resultValues.Add(dense[i]);
            }
        }

        // A signed collision can cancel to exactly zero: drop it, a zero is not a feature.
        for (var i = resultValues.Count - 1; i >= 0; i--)
        {
            if (resultValues[i] == 0)
            {
                resultIndices.RemoveAt(i);
                resultValues.RemoveAt(i);
            }
        }

        return new SparseVector(resultIndices.ToArray(), resultValues.ToArray());
    }

    public void Dispose()
    {
        ArrayPool<ulong>.Shared.Return(_hashes);
        ArrayPool<int>.Shared.Return(_indices);
        ArrayPool<float>.Shared.Return(_values);
        _hashes = [];
        _indices = [];
        _values = [];
    }
}
