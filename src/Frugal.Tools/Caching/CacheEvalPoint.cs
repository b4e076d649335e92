namespace Frugal.Tools.Caching;

/// <summary>One threshold of a stream replay: how many queries hit, and how many hits had the right label.</summary>
public sealed record CacheEvalPoint(float Threshold, int Hits, int CorrectHits, int Queries)
{
    public double HitRate => Queries == 0 ? 0 : (double)Hits / Queries;

    /// <summary>Share of hits that were right; 1 when there were none (no wrong answer was served).</summary>
    public double Precision => Hits == 0 ? 1 : (double)CorrectHits / Hits;
}
