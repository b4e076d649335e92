namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>
/// Exact search while the index is small (perfect recall, no graph to build), HNSW once it
/// grows past <see cref="ExactLimit"/> vectors. The switch happens inside the Add that crosses
/// the limit: that writer builds the graph from a snapshot while searches keep running on the
/// exact index, then the graph takes over (the exact index is left to the GC once the searches
/// still on it return). HNSW removals are tombstones, so when tombstones outnumber live nodes the
/// Remove that tips it rebuilds from the live vectors — back to exact search when at most half the
/// limit is left — so a cache that evicts does not keep the memory of everything it ever held.
/// Storage starts at one row and grows with the content.
/// </summary>
public sealed class AdaptiveVectorIndex : IVectorIndex
{
    private const uint Magic = 0x41564346; // "FCVA"
    private const int FormatVersion = 1;

    /// <summary>Below this many nodes a graph is not worth rebuilding for its tombstones.</summary>
    private const int RebuildFloor = 64;

    private readonly object _writeLock = new();
    private readonly int _m;
    private readonly int _efConstruction;
    private readonly int _efSearch;
    private readonly int _seed;
    private volatile IVectorIndex _current;

    public AdaptiveVectorIndex(int dimensions, int exactLimit = 0, int m = HnswVectorIndex.DefaultM, int efConstruction = HnswVectorIndex.DefaultEfConstruction, int efSearch = HnswVectorIndex.DefaultEfSearch, int seed = HnswVectorIndex.DefaultSeed)
        : this(new ExactVectorIndex(dimensions, initialCapacity: 1), exactLimit <= 0 ? DefaultExactLimit(dimensions) : exactLimit, m, efConstruction, efSearch, seed)
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

    public long MemoryBytes => _current.MemoryBytes;

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
                _current = graph; // a search may still be running on the exact index: the GC takes it after, never Dispose here
            }
        }
    }

    public bool Remove(long id)
    {
        lock (_writeLock)
        {
            if (!_current.Remove(id))
            {
                return false;
            }

            if (_current is HnswVectorIndex graph && graph.NodeCount >= RebuildFloor && graph.NodeCount >= 2 * graph.Count)
            {
                _current = Rebuild(graph); // the old graph is left to the GC for the same reason as above
            }

            return true;
        }
    }

    public void Search(ReadOnlySpan<float> query, int k, List<VectorMatch> results) => _current.Search(query, k, results);

    public void Dispose() => _current.Dispose();

    /// <summary>The live vectors of <paramref name="graph"/> in a fresh index: exact when few are left, else a graph without tombstones.</summary>
    private IVectorIndex Rebuild(HnswVectorIndex graph)
    {
        IVectorIndex fresh = graph.Count <= ExactLimit / 2
            ? new ExactVectorIndex(graph.Dimensions, graph.Count)
            : new HnswVectorIndex(graph.Dimensions, _m, _efConstruction, _efSearch, _seed, graph.Count * 2);
        graph.ForEachLive((id, vector) => fresh.Add(id, vector.Span));
        return fresh;
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
