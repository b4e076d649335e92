namespace Frugal.Tools.Caching;

/// <summary>The result of replaying a labelled stream through a semantic cache.</summary>
public sealed class CacheEvalReport(
    IReadOnlyList<CacheEvalPoint> points,
    int warmEntries,
    int queries,
    bool learn,
    int nearestRejected,
    int nearestRejectedDifferentLabel,
    IReadOnlyDictionary<string, (int Rejected, int DifferentLabel)> rejectionReasons,
    TimeSpan embedTime)
{
    public IReadOnlyList<CacheEvalPoint> Points { get; } = points;

    public int WarmEntries { get; } = warmEntries;

    public int Queries { get; } = queries;

    public bool Learn { get; } = learn;

    /// <summary>Queries whose nearest warm entry the verifier rejected (a diagnostic independent of the threshold).</summary>
    public int NearestRejected { get; } = nearestRejected;

    /// <summary>Of <see cref="NearestRejected"/>, those where the labels differed too: wrong hits the verifier stopped.</summary>
    public int NearestRejectedDifferentLabel { get; } = nearestRejectedDifferentLabel;

    /// <summary>Per verifier reason, nearest warm entries it rejected and how many of those had a different label.</summary>
    public IReadOnlyDictionary<string, (int Rejected, int DifferentLabel)> RejectionReasons { get; } = rejectionReasons;

    /// <summary>Time spent embedding every text once.</summary>
    public TimeSpan EmbedTime { get; } = embedTime;

    /// <summary>The threshold with the highest hit rate among those whose precision reaches <paramref name="targetPrecision"/>, or null.</summary>
    public CacheEvalPoint? BestAtPrecision(double targetPrecision)
    {
        CacheEvalPoint? best = null;
        foreach (var point in Points)
        {
            if (point.Hits > 0 && point.Precision >= targetPrecision && (best is null || point.HitRate > best.HitRate))
            {
                best = point;
            }
        }

        return best;
    }
}
