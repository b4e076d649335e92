namespace Frugal.Core.Semantic;

/// <summary>
/// Exact search while the index is small (perfect recall, no graph to build), HNSW once it
/// grows past <see cref="ExactLimit"/> vectors. The switch happens once, inside the Add that
/// crosses the limit: that writer builds the graph from a snapshot while searches keep running
/// on the exact index, then the graph takes over. It never switches back.
/// </summary>
public sealed class AdaptiveVectorIndex : IVectorIndex
{
    private const uint Magic = 0x41564346; // "FCVA"
    private const int FormatVersion = 1;

    private readonly object _writeLock = new();
    private readonly int _m;
    private readonly int _efConstruction;
    private readonly int _efSearch;
    private readonly int _seed;
    private volatile IVectorIndex _current;
    private IVectorIndex? _retired;

    public AdaptiveVectorIndex(int dimensions, int exactLimit = 0, int m = HnswVectorIndex.DefaultM, int efConstruction = HnswVectorIndex.DefaultEfConstruction, int efSearch = HnswVectorIndex.DefaultEfSearch, int seed = HnswVectorIndex.DefaultSeed)
        : this(new ExactVectorIndex(dimensions), exactLimit <= 0 ? DefaultExactLimit(dimensions) : exactLimit, m, efConstruction, efSearch, seed)
    {
    }

    private AdaptiveVectorIndex(IVectorIndex current, int exactLimit, int m, int efConstruction, int efSearch, int seed)
    {
        _current = current;
        ExactLimit = exactLimit;
        _m = m;
        _efConstruction = efConstruction;
        _efSearch = efSearch;
        _seed = seed;
    }

    /// <summary>Above this many vectors the index uses HNSW.</summary>
    public int ExactLimit { get; }

    /// <summary>True once the index has switched to HNSW.</summary>
    public bool IsApproximate => _current is HnswVectorIndex;

    public int Dimensions => _current.Dimensions;

    public int Count => _current.Count;

    /// <summary>
    /// Sized by the floats one exact search reads: 2 million (8 MB, about half a millisecond
    /// of memory bandwidth on the reference machine) keeps a brute-force lookup near the 1 ms p99
    /// budget — 20,000 rows of 100-d GloVe, about 4,000 rows of 512-d hashing vectors.
    /// </summary>
    public static int DefaultExactLimit(int dimensions) => Math.Clamp(2_000_000 / Math.Max(1, dimensions), 1_000, 20_000);

    public void Add(long id, ReadOnlySpan<float> vector)
    {
        lock (_writeLock)
        {
            _current.Add(id, vector);
            if (_current is ExactVectorIndex exact && exact.Count > ExactLimit)
            {
                var graph = new HnswVectorIndex(exact.Dimensions, _m, _efConstruction, _efSearch, _seed, exact.Count * 2);
                exact.ForEach((storedId, stored) => graph.Add(storedId, stored.Span));
                _current = graph;
                _retired = exact; // a search may still be running on it: dispose it with the index, not now
            }
        }
    }

    public bool Remove(long id)
    {
        lock (_writeLock)
        {
            return _current.Remove(id);
        }
    }

    public void Search(ReadOnlySpan<float> query, int k, List<VectorMatch> results) => _current.Search(query, k, results);

    public void Dispose()
    {
        _current.Dispose();
        _retired?.Dispose();
    }

    public void Save(Stream stream)
    {
        lock (_writeLock)
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(ExactLimit);
                writer.Write(_m);
                writer.Write(_efConstruction);
                writer.Write(_efSearch);
                writer.Write(_seed);
                writer.Write(IsApproximate);
            }

            _current.Save(stream);
        }
    }

    public static AdaptiveVectorIndex Load(Stream stream)
    {
        int exactLimit, m, efConstruction, efSearch, seed;
        bool approximate;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("Not an adaptive vector index (or a newer format).");
            }

            (exactLimit, m, efConstruction, efSearch, seed, approximate) =
                (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadBoolean());
        }

        IVectorIndex inner = approximate ? HnswVectorIndex.Load(stream) : ExactVectorIndex.Load(stream);
        return new AdaptiveVectorIndex(inner, exactLimit, m, efConstruction, efSearch, seed);
    }
}
