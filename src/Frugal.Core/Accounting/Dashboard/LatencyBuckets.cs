namespace Frugal.Core.Accounting.Dashboard;

/// <summary>
/// Log-scale latency buckets (four per doubling, so a bucket spans about 19%): small enough to keep per hour in
/// the ledger's rollups, fine enough that a percentile read back from them is within one bucket of the truth.
/// </summary>
public static class LatencyBuckets
{
    private const double PerDoubling = 4;

    /// <summary>Bucket 0 holds everything up to 1 ms; bucket b holds (2^((b-1)/4), 2^(b/4)] ms.</summary>
    public static int Of(double milliseconds)
        => milliseconds <= 1 || double.IsNaN(milliseconds) ? 0 : (int)Math.Ceiling(PerDoubling * Math.Log2(milliseconds));

    public static double UpperBound(int bucket) => Math.Pow(2, bucket / PerDoubling);

    public static double LowerBound(int bucket) => bucket <= 0 ? 0 : Math.Pow(2, (bucket - 1) / PerDoubling);

    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of a histogram given as (bucket, count) pairs sorted by bucket,
    /// interpolated inside the bucket it falls in; null when the histogram is empty.
    /// </summary>
    public static double? Percentile(IReadOnlyList<(int Bucket, long Count)> histogram, double quantile)
    {
        long total = 0;
        foreach (var (_, count) in histogram)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long seen = 0;
        foreach (var (bucket, count) in histogram)
        {
            if (seen + count >= rank && count > 0)
            {
                var within = (rank - seen) / count;
                var low = LowerBound(bucket);
                return low + ((UpperBound(bucket) - low) * within);
            }

            seen += count;
        }

        return UpperBound(histogram[^1].Bucket);
    }
}
