namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>A node and its similarity to the vector being searched for or inserted.</summary>
internal readonly record struct Scored(int Node, float Score);

/// <summary>
/// Per-thread working memory of <see cref="HnswVectorIndex"/>: queues, lists and a visited
/// table reused across searches, so a lookup allocates nothing. The visited table is stamped
/// with a per-search number instead of being cleared, which would cost O(nodes) per search.
/// </summary>
internal sealed class HnswScratch
{
    private int _stamp;

    public int[] Visited { get; private set; } = new int[1024];

    /// <summary>Nodes still to expand; priority is the negated score, so the best comes out first.</summary>
    public PriorityQueue<int, float> Candidates { get; } = new();

    /// <summary>The ef best so far; priority is the score, so the worst comes out first.</summary>
    public PriorityQueue<int, float> Results { get; } = new();

    /// <summary><see cref="Results"/> drained best first by <see cref="DrainBestFirst"/>.</summary>
    public List<Scored> Found { get; } = [];

    public List<Scored> Selected { get; } = [];

    public List<Scored> Prune { get; } = [];

    public List<Scored> PruneSelected { get; } = [];

    public int NextStamp(int nodes)
    {
        if (Visited.Length < nodes)
        {
            Visited = new int[Math.Max(nodes, Visited.Length * 2)];
            _stamp = 0;
        }

        if (++_stamp == int.MaxValue)
        {
            Array.Clear(Visited);
            _stamp = 1;
        }

        return _stamp;
    }

    public void DrainBestFirst()
    {
        Found.Clear();
        while (Results.TryDequeue(out var node, out var score))
        {
            Found.Add(new Scored(node, score));
        }

        Found.Reverse();
    }
}
