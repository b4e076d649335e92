using System.Numerics.Tensors;

namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>
/// Hierarchical navigable small-world graph (Malkov &amp; Yashunin) over cosine similarity:
/// approximate nearest neighbours in roughly logarithmic time, for caches too large to scan.
/// <list type="bullet">
/// <item>Deterministic: levels come from a <see cref="Random"/> seeded at construction, so the
/// same inserts in the same order build the same graph (and Save/Load continues the sequence).</item>
/// <item>Concurrency: searches share a read lock; Add/Remove take the write lock, one writer at a time.</item>
/// <item>Removal is a tombstone: the node keeps routing searches but is never returned. Replacing an
/// id tombstones the old node. Tombstones cost memory until the index is rebuilt.</item>
/// <item>Neighbours are chosen with the paper's heuristic (keep a candidate only if it is closer to the
/// new node than to any neighbour already kept), which keeps recall high on clustered data.</item>
/// </list>
/// </summary>
public sealed partial class HnswVectorIndex : IVectorIndex
{
    public const int DefaultM = 16;
    public const int DefaultEfConstruction = 100;
    public const int DefaultEfSearch = 32;
    public const int DefaultSeed = 42;

    /// <summary>The lock, the id dictionary and the object headers, counted in <see cref="MemoryBytes"/>.</summary>
    private const int FixedOverheadBytes = 600;

    /// <summary>A Dictionary&lt;long, int&gt; slot plus its bucket, and the upper-links reference.</summary>
    private const int NodeSlotBytes = 28 + 8;

    [ThreadStatic]
    private static HnswScratch? _scratch;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _nodeById = [];
    private readonly int _maxLinks0;
    private readonly double _levelMultiplier;
    private readonly Random _random;

    private float[] _vectors;
    private long[] _ids;
    private int[] _levels;
    private bool[] _deleted;
    private int[] _links0;        // per node: [count, neighbour × maxLinks0]
    private int[]?[] _upperLinks; // per node with level ≥ 1: level blocks of [count, neighbour × M]
    private int _nodeCount;
    private int _liveCount;
    private int _entryPoint = -1;
    private int _maxLevel = -1;
    private long _levelDraws;
    private int _efSearch;
    private long _upperLinkBytes;

    /// <summary>Storage starts at <paramref name="initialCapacity"/> nodes and doubles as needed: pass the expected size when known.</summary>
    public HnswVectorIndex(int dimensions, int m = DefaultM, int efConstruction = DefaultEfConstruction, int efSearch = DefaultEfSearch, int seed = DefaultSeed, int initialCapacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(efConstruction, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(efSearch, 1);
        Dimensions = dimensions;
        M = m;
        EfConstruction = Math.Max(efConstruction, m);
        _efSearch = efSearch;
        Seed = seed;
        _maxLinks0 = 2 * m; // the paper's M0 = 2M: the bottom layer carries the fine-grained search
        _levelMultiplier = 1 / Math.Log(m);
        _random = new Random(seed);
        var capacity = Math.Max(1, initialCapacity);
        _vectors = new float[capacity * dimensions];
        _ids = new long[capacity];
        _levels = new int[capacity];
        _deleted = new bool[capacity];
        _links0 = new int[capacity * (_maxLinks0 + 1)];
        _upperLinks = new int[]?[capacity];
    }

    public int Dimensions { get; }

    /// <summary>Links per node on the upper layers (twice that on the bottom layer).</summary>
    public int M { get; }

    public int EfConstruction { get; }

    public int Seed { get; }

    /// <summary>Candidates kept while searching: higher is more accurate and slower. Safe to change at any time.</summary>
    public int EfSearch
    {
        get => Volatile.Read(ref _efSearch);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _efSearch, value);
        }
    }

    public int Count => Volatile.Read(ref _liveCount);

    /// <summary>Nodes in the graph, tombstones included.</summary>
    public int NodeCount => Volatile.Read(ref _nodeCount);

    /// <summary>Arrays by capacity (vectors, ids, levels, tombstones, bottom links) plus every upper-level link block.</summary>
    public long MemoryBytes
    {
        get
        {
            long capacity = Volatile.Read(ref _ids).Length;
            var perNode = (Dimensions * sizeof(float)) + sizeof(long) + sizeof(int) + sizeof(bool) + ((_maxLinks0 + 1) * sizeof(int)) + NodeSlotBytes;
            return FixedOverheadBytes + (capacity * perNode) + Interlocked.Read(ref _upperLinkBytes);
        }
    }

    /// <summary>Calls <paramref name="visit"/> for every live (id, vector), in insertion order: what a rebuild without tombstones needs.</summary>
    public void ForEachLive(Action<long, ReadOnlyMemory<float>> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        _lock.EnterReadLock();
        try
        {
            for (var node = 0; node < _nodeCount; node++)
            {
                if (!_deleted[node])
                {
                    visit(_ids[node], _vectors.AsMemory(node * Dimensions, Dimensions));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Add(long id, ReadOnlySpan<float> vector)
    {
        CheckLength(vector);
        _lock.EnterWriteLock();
        try
        {
            if (_nodeById.Remove(id, out var old))
            {
                _deleted[old] = true;
                _liveCount--;
            }

            Insert(id, vector);
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
            if (!_nodeById.Remove(id, out var node))
            {
                return false;
            }

            _deleted[node] = true;
            Volatile.Write(ref _liveCount, _liveCount - 1);
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
            if (_liveCount == 0)
            {
                return;
            }

            var scratch = Scratch();
            var entry = _entryPoint;
            var entryScore = Similarity(query, entry);
            for (var level = _maxLevel; level > 0; level--)
            {
                (entry, entryScore) = Greedy(query, entry, entryScore, level);
            }

            SearchLayer(query, entry, entryScore, Math.Max(EfSearch, k), 0, skipDeleted: true, scratch);
            scratch.DrainBestFirst();
            var found = scratch.Found;
            for (var i = 0; i < found.Count && results.Count < k; i++)
            {
                results.Add(new VectorMatch(_ids[found[i].Node], found[i].Score));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Insert(long id, ReadOnlySpan<float> vector)
    {
        var level = (int)(-Math.Log(1 - _random.NextDouble()) * _levelMultiplier);
        _levelDraws++;
        if (_nodeCount == _ids.Length)
        {
            Grow();
        }

        var node = _nodeCount;
        vector.CopyTo(_vectors.AsSpan(node * Dimensions, Dimensions));
        _ids[node] = id;
        _levels[node] = level;
        _deleted[node] = false;
        _links0[node * (_maxLinks0 + 1)] = 0;
        _upperLinks[node] = level > 0 ? new int[level * (M + 1)] : null;
        Interlocked.Add(ref _upperLinkBytes, UpperLinkBytes(level, M));
        _nodeById[id] = node;
        Volatile.Write(ref _nodeCount, node + 1);
        Volatile.Write(ref _liveCount, _liveCount + 1);

        if (_entryPoint < 0)
        {
            _entryPoint = node;
            _maxLevel = level;
            return;
        }

        var scratch = Scratch();
        var entry = _entryPoint;
        var entryScore = Similarity(vector, entry);
        for (var l = _maxLevel; l > level; l--)
        {
            (entry, entryScore) = Greedy(vector, entry, entryScore, l);
        }

        for (var l = Math.Min(level, _maxLevel); l >= 0; l--)
        {
            SearchLayer(vector, entry, entryScore, EfConstruction, l, skipDeleted: false, scratch);
            scratch.DrainBestFirst();
            var candidates = scratch.Found;
            (entry, entryScore) = (candidates[0].Node, candidates[0].Score);
            SelectNeighbours(candidates, M, scratch.Selected);
            var links = Links(node, l);
            links[0] = scratch.Selected.Count;
            for (var i = 0; i < scratch.Selected.Count; i++)
            {
                links[i + 1] = scratch.Selected[i].Node;
            }

            for (var i = 0; i < scratch.Selected.Count; i++)
            {
                Connect(scratch.Selected[i].Node, node, l, scratch);
            }
        }

        if (level > _maxLevel)
        {
            _maxLevel = level;
            _entryPoint = node;
        }
    }

    /// <summary>Adds a back link from <paramref name="from"/> to <paramref name="to"/>, pruning with the heuristic when full.</summary>
    private void Connect(int from, int to, int level, HnswScratch scratch)
    {
        var links = Links(from, level);
        var capacity = links.Length - 1;
        var count = links[0];
        if (count < capacity)
        {
            links[count + 1] = to;
            links[0] = count + 1;
            return;
        }

        var fromVector = Vector(from);
        var pool = scratch.Prune;
        pool.Clear();
        pool.Add(new Scored(to, Similarity(fromVector, to)));
        for (var i = 1; i <= count; i++)
        {
            pool.Add(new Scored(links[i], Similarity(fromVector, links[i])));
        }

        pool.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        SelectNeighbours(pool, capacity, scratch.PruneSelected);
        links[0] = scratch.PruneSelected.Count;
        for (var i = 0; i < scratch.PruneSelected.Count; i++)
        {
            links[i + 1] = scratch.PruneSelected[i].Node;
        }
    }

    /// <summary>
    /// The heuristic of the paper (algorithm 4): walk candidates best first and keep one only if it
    /// is more similar to the base than to every neighbour already kept, so links spread out in
    /// different directions instead of all pointing into the nearest cluster.
    /// </summary>
    private void SelectNeighbours(List<Scored> bestFirst, int max, List<Scored> selected)
    {
        selected.Clear();
        for (var i = 0; i < bestFirst.Count && selected.Count < max; i++)
        {
            var candidate = bestFirst[i];
            var candidateVector = Vector(candidate.Node);
            var keep = true;
            for (var j = 0; j < selected.Count; j++)
            {
                if (TensorPrimitives.Dot(candidateVector, Vector(selected[j].Node)) > candidate.Score)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected.Add(candidate);
            }
        }
    }

    private Span<int> Links(int node, int level)
    {
        if (level == 0)
        {
            return _links0.AsSpan(node * (_maxLinks0 + 1), _maxLinks0 + 1);
        }

        return _upperLinks[node].AsSpan((level - 1) * (M + 1), M + 1);
    }

    /// <summary>One node's upper-level link array (header plus level blocks of [count, neighbour × M]).</summary>
    private static long UpperLinkBytes(int level, int m) => level > 0 ? 24 + ((long)level * (m + 1) * sizeof(int)) : 0;

    private ReadOnlySpan<float> Vector(int node) => _vectors.AsSpan(node * Dimensions, Dimensions);

    private float Similarity(ReadOnlySpan<float> query, int node) => TensorPrimitives.Dot(query, Vector(node));

    private HnswScratch Scratch() => _scratch ??= new HnswScratch();

    private void Grow()
    {
        var capacity = _ids.Length * 2;
        Array.Resize(ref _vectors, capacity * Dimensions);
        Array.Resize(ref _levels, capacity);
        Array.Resize(ref _deleted, capacity);
        Array.Resize(ref _links0, capacity * (_maxLinks0 + 1));
        Array.Resize(ref _upperLinks, capacity);
        var ids = _ids;
        Array.Resize(ref ids, capacity);
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
