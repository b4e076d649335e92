namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Per-thread scratch for <see cref="RouterFeatures"/>: counts signed-hashed features of one
/// block into dense buckets, turns the counts into 1 + ln|count| (keeping the sign), L2-normalises
/// the block and adds it to the output. Dense arrays with a touched-list avoid sorting every
/// n-gram of a prompt (the expensive part before), and are cleared by walking only what was touched.
/// </summary>
internal sealed class FeatureAccumulator
{
    [ThreadStatic]
    private static FeatureAccumulator? _current;

    private readonly float[] _block;
    private readonly int[] _blockTouched;
    private readonly float[] _output;
    private readonly bool[] _outputMarked;
    private readonly int[] _outputTouched;
    private int _blockCount;
    private int _outputCount;

    private FeatureAccumulator(int buckets)
    {
        Buckets = buckets;
        _block = new float[buckets];
        _blockTouched = new int[buckets];
        _output = new float[buckets];
        _outputMarked = new bool[buckets];
        _outputTouched = new int[buckets];
    }

    public int Buckets { get; }

    /// <summary>This thread's accumulator for <paramref name="buckets"/> buckets, empty.</summary>
    public static FeatureAccumulator For(int buckets)
    {
        var current = _current;
        if (current is null || current.Buckets != buckets)
        {
            _current = current = new FeatureAccumulator(buckets);
        }

        return current;
    }

    /// <summary>Counts one occurrence of a feature: the bucket from the hash's high bits, the sign from its lowest.</summary>
    public void Add(ulong hash)
    {
        var bucket = (int)((hash >> 1) & (ulong)(Buckets - 1));
        if (_block[bucket] == 0)
        {
            _blockTouched[_blockCount++] = bucket;
        }

        // Opposite signs cancel (that is what the sign is for); a bucket that cancels to zero holds
        // ε instead, so it is not listed again. Counts are whole numbers: ε is only a marker.
        _block[bucket] += (hash & 1) == 0 ? 1f : -1f;
        if (_block[bucket] == 0)
        {
            _block[bucket] = float.Epsilon;
        }
    }

    /// <summary>Sublinear term frequency, L2 normalisation, then into the output; the block is cleared.</summary>
    public void EndBlock()
    {
        var sumSquares = 0.0;
        for (var i = 0; i < _blockCount; i++)
        {
            var bucket = _blockTouched[i];
            var count = _block[bucket];
            var magnitude = MathF.Abs(count) < 0.5f ? 0f : 1f + MathF.Log(MathF.Abs(count));
            var value = count < 0 ? -magnitude : magnitude;
            _block[bucket] = value == 0 ? float.Epsilon : value;
            sumSquares += value * value;
        }

        var scale = sumSquares > 0 ? (float)(1 / Math.Sqrt(sumSquares)) : 0f;
        for (var i = 0; i < _blockCount; i++)
        {
            var bucket = _blockTouched[i];
            var value = _block[bucket];
            _block[bucket] = 0;
            if (value == float.Epsilon)
            {
                continue; // cancelled out
            }

            if (!_outputMarked[bucket])
            {
                _outputMarked[bucket] = true;
                _outputTouched[_outputCount++] = bucket;
            }

            _output[bucket] += value * scale;
        }

        _blockCount = 0;
    }

    /// <summary>The output as sorted (bucket, value) pairs followed by <paramref name="dense"/> at offset <see cref="Buckets"/>; then empty.</summary>
    public SparseVector ToVector(ReadOnlySpan<float> dense)
    {
        Array.Sort(_outputTouched, 0, _outputCount);
        var indices = new int[_outputCount + dense.Length];
        var values = new float[indices.Length];
        var count = 0;
        for (var i = 0; i < _outputCount; i++)
        {
            var bucket = _outputTouched[i];
            var value = _output[bucket];
            _output[bucket] = 0;
            _outputMarked[bucket] = false;
            if (value != 0)
            {
                indices[count] = bucket;
                values[count++] = value;
            }
        }

        _outputCount = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                indices[count] = Buckets + i;
                values[count++] = dense[i];
            }
        }

        return count == indices.Length ? new SparseVector(indices, values) : new SparseVector(indices[..count], values[..count]);
    }
}
