namespace Frugal.Tools.Caching;

/// <summary>
/// A deterministic dev split of a labelled training file, so a threshold is chosen without looking at
/// the test queries it is reported on: every <c>every</c>-th row (rows 0, N, 2N, …) is a dev query,
/// the other rows warm the cache.
/// </summary>
public static class DevSplit
{
    public static (List<LabelledText> Warm, List<LabelledText> Queries) Take(IReadOnlyList<LabelledText> rows, int every)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 2);
        var warm = new List<LabelledText>(rows.Count);
        var queries = new List<LabelledText>((rows.Count / every) + 1);
        for (var i = 0; i < rows.Count; i++)
        {
            (i % every == 0 ? queries : warm).Add(rows[i]);
        }

        return (warm, queries);
    }

    /// <summary>How the split is described in calibrated-thresholds.json.</summary>
    public static string Describe(string file, int every, int warm, int queries) =>
        FormattableString.Invariant($"{file}: rows 0, {every}, {2 * every}, … (every {every}th, {queries:N0} rows) are the queries; the other {warm:N0} rows warm the cache; learn on, top-8 verified");
}
