namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>The two walks of the graph: greedy descent through the upper layers, best-first search of one layer.</summary>
public sealed partial class HnswVectorIndex
{
    private (int Node, float Score) Greedy(ReadOnlySpan<float> query, int entry, float entryScore, int level)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            var links = Links(entry, level);
            for (var i = 1; i <= links[0]; i++)
            {
                var score = Similarity(query, links[i]);
                if (score > entryScore)
                {
                    (entry, entryScore, changed) = (links[i], score, true);
                }
            }
        }

        return (entry, entryScore);
    }

    /// <summary>
    /// Best-first search of one layer keeping the <paramref name="ef"/> best nodes in
    /// <see cref="HnswScratch.Results"/>. With <paramref name="skipDeleted"/>, tombstones are walked
    /// through (they still connect the graph) but never kept as results.
    /// </summary>
    private void SearchLayer(ReadOnlySpan<float> query, int entry, float entryScore, int ef, int level, bool skipDeleted, HnswScratch scratch)
    {
        var stamp = scratch.NextStamp(_nodeCount);
        var visited = scratch.Visited;
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        visited[entry] = stamp;
        candidates.Enqueue(entry, -entryScore);
        if (!(skipDeleted && _deleted[entry]))
        {
            results.Enqueue(entry, entryScore);
        }

        var worst = results.Count > 0 ? entryScore : float.NegativeInfinity;
        while (candidates.TryDequeue(out var current, out var negative))
        {
            if (-negative < worst && results.Count >= ef)
            {
                break;
            }

            var links = Links(current, level);
            var count = links[0];
            for (var i = 1; i <= count; i++)
            {
                var neighbour = links[i];
                if (visited[neighbour] == stamp)
                {
                    continue;
                }

                visited[neighbour] = stamp;
                var score = Similarity(query, neighbour);
                if (results.Count < ef || score > worst)
                {
                    candidates.Enqueue(neighbour, -score);
                    if (!(skipDeleted && _deleted[neighbour]))
                    {
                        results.Enqueue(neighbour, score);
                        if (results.Count > ef)
                        {
                            results.Dequeue();
                        }

                        results.TryPeek(out _, out worst);
                    }
                }
            }
        }
    }
}
