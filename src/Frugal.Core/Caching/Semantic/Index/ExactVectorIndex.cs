using System.Numerics.Tensors;

namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>
/// Brute-force search: every vector in one contiguous array, a SIMD dot product per row, a
/// small sorted top-k. Exact (recall 1) and cheap to add to; its cost grows with rows ×
/// dimensions, so <see cref="AdaptiveVectorIndex"/> moves to HNSW past a size.
/// Removal moves the last row into the hole, so storage stays dense. Storage starts small and
/// doubles as rows arrive, and halves when three quarters of it are unused: an index is sized by
/// its content (a cache keeps thousands of one-entry indexes; 1,024 preallocated 512-d rows were 2 MB each).
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    private const uint Magic = 0x58564346; // "FCVX"
    private const int FormatVersion = 1;

    /// <summary>The lock, the row dictionary and the object headers, counted in <see cref="MemoryBytes"/>.</summary>
    private const int FixedOverheadBytes = 400;

    /// <summary>A Dictionary&lt;long, int&gt; slot: entry (hash, next, key, value) plus its bucket.</summary>
    private const int RowSlotBytes = 28;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _rows = [];
    private float[] _vectors;
    private long[] _ids;
    private int _count;

    public ExactVectorIndex(int dimensions, int initialCapacity = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        var capacity = Math.Max(1, initialCapacity);
        _vectors = new float[capacity * dimensions];
        _ids = new long[capacity];
    }

    public int Dimensions { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Rows the arrays have room for (grows by doubling, shrinks by halving).</summary>
    public int Capacity => Volatile.Read(ref _ids).Length;

    public long MemoryBytes => FixedOverheadBytes + ((long)Capacity * ((Dimensions * sizeof(float)) + sizeof(long) + RowSlotBytes));

    public void Add(long id, ReadOnlySpan<float> vector)
    {
        CheckLength(vector);
        _lock.EnterWriteLock();
        try
        {
            if (!_rows.TryGetValue(id, out var row))
            {
                if (_count == _ids.Length)
                {
                    Grow();
                }

                row = _count;
                _ids[row] = id;
                _rows[id] = row;
                Volatile.Write(ref _count, _count + 1);
            }

            vector.CopyTo(_vectors.AsSpan(row * Dimensions, Dimensions));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(long id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_rows.Remove(id, out var row))
            {
                return false;
            }

            var last = _count - 1;
            if (row != last)
            {
                _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(row * Dimensions, Dimensions));
                _ids[row] = _ids[last];
                _rows[_ids[row]] = row;
            }

            Volatile.Write(ref _count, last);
            ShrinkIfSparse();
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Search(ReadOnlySpan<float> query, int k, List<VectorMatch> results)
    {
        CheckLength(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        results.Clear();
        _lock.EnterReadLock();
        try
        {
            var top = new TopK(Math.Min(k, Math.Max(1, _count)));
            var vectors = _vectors.AsSpan();
            var dimensions = Dimensions;
            for (var row = 0; row < _count; row++)
            {
                top.Offer(TensorPrimitives.Dot(vectors.Slice(row * dimensions, dimensions), query), row);
            }

            for (var i = 0; i < top.Count; i++)
            {
                results.Add(new VectorMatch(_ids[top.ItemAt(i)], top.ScoreAt(i)));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every stored (id, vector), in storage order.</summary>
    public void ForEach(Action<long, ReadOnlyMemory<float>> visit)
    {
        _lock.EnterReadLock();
        try
        {
            for (var row = 0; row < _count; row++)
            {
                visit(_ids[row], _vectors.AsMemory(row * Dimensions, Dimensions));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Save(Stream stream)
    {
        _lock.EnterReadLock();
        try
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Dimensions);
            writer.Write(_count);
            for (var row = 0; row < _count; row++)
            {
                writer.Write(_ids[row]);
            }

            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_vectors.AsSpan(0, _count * Dimensions)));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public static ExactVectorIndex Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not an exact vector index (or a newer format).");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (dimensions < 1 || count < 0)
        {
            throw new InvalidDataException("Corrupt exact vector index header.");
        }

        var index = new ExactVectorIndex(dimensions, count);
        for (var row = 0; row < count; row++)
        {
            var id = reader.ReadInt64();
            index._ids[row] = id;
            index._rows[id] = row;
        }

        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(index._vectors.AsSpan(0, count * dimensions)));
        index._count = count;
        return index;
    }

    private void Grow() => Resize(_ids.Length * 2);

    /// <summary>Halves the arrays while at most a quarter is used (the gap keeps add/remove at a boundary from thrashing).</summary>
    private void ShrinkIfSparse()
    {
        var capacity = _ids.Length;
        while (capacity > 4 && _count <= capacity / 4)
        {
            capacity /= 2;
        }

        if (capacity != _ids.Length)
        {
            Resize(capacity);
            _rows.TrimExcess();
        }
    }

    private void Resize(int capacity)
    {
        var vectors = new float[capacity * Dimensions];
        _vectors.AsSpan(0, _count * Dimensions).CopyTo(vectors);
        var ids = new long[capacity];
        _ids.AsSpan(0, _count).CopyTo(ids);
        _vectors = vectors;
        Volatile.Write(ref _ids, ids);
    }

    public void Dispose() => _lock.Dispose();

    private void CheckLength(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a vector of {Dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }
    }
}
