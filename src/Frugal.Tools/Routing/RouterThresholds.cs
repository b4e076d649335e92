using System.Globalization;

namespace Frugal.Tools.Routing;

/// <summary>
/// Picks the threshold on P(weak is good enough) from scored, labelled prompts — in training,
/// the out-of-fold predictions, never the rows a model was fitted on (those scores are
/// over-confident and would place the threshold wrongly for new prompts).
/// </summary>
public static class RouterThresholds
{
    /// <summary>The threshold that sends about <paramref name="strongShare"/> of the prompts to the strong model.</summary>
    public static ThresholdChoice ForStrongShare(IReadOnlyList<double> weakGoodProbabilities, IReadOnlyList<RouterExample> examples, double strongShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(strongShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strongShare, 1);
        var (sorted, order) = Sort(weakGoodProbabilities, examples);
        var k = (int)Math.Round(strongShare * sorted.Length, MidpointRounding.AwayFromZero);
        var rule = string.Create(CultureInfo.InvariantCulture, $"strong-share {strongShare:0.###}");
        return Choice(sorted, order, examples, k, rule);
    }

    /// <summary>
    /// The threshold with the fewest strong calls whose accuracy reaches <paramref name="floor"/>
    /// × the strong model's accuracy (e.g. 0.95); all calls go to the strong model if none does.
    /// </summary>
    public static ThresholdChoice ForQualityFloor(IReadOnlyList<double> weakGoodProbabilities, IReadOnlyList<RouterExample> examples, double floor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(floor, 0);
        var (sorted, order) = Sort(weakGoodProbabilities, examples);
        var n = sorted.Length;
        var strongCorrect = examples.Count(e => e.StrongCorrect);
        var target = floor * strongCorrect;
        var correct = examples.Count(e => e.WeakCorrect);
        var rule = string.Create(CultureInfo.InvariantCulture, $"quality-floor {floor:0.###}");
        for (var k = 0; k <= n; k++)
        {
            // A threshold can only fall between different probabilities.
            var boundary = k == 0 || k == n || sorted[k] != sorted[k - 1];
            if (boundary && correct >= target - 1e-9)
            {
                return Choice(sorted, order, examples, k, rule);
            }

            if (k < n)
            {
                var e = examples[order[k]];
                correct += (e.StrongCorrect ? 1 : 0) - (e.WeakCorrect ? 1 : 0);
            }
        }

        return Choice(sorted, order, examples, n, rule);
    }

    /// <summary>Share of <paramref name="weakGoodProbabilities"/> below <paramref name="threshold"/> (what would go to the strong model).</summary>
    public static double StrongShare(IReadOnlyList<double> weakGoodProbabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(weakGoodProbabilities);
        return weakGoodProbabilities.Count == 0 ? 0 : (double)weakGoodProbabilities.Count(p => p < threshold) / weakGoodProbabilities.Count;
    }

    private static (double[] Sorted, int[] Order) Sort(IReadOnlyList<double> probabilities, IReadOnlyList<RouterExample> examples)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(examples);
        if (probabilities.Count != examples.Count || probabilities.Count == 0)
        {
            throw new ArgumentException("Need one probability per example, and at least one.", nameof(probabilities));
        }

        var order = Enumerable.Range(0, probabilities.Count).ToArray();
        Array.Sort(order, (a, b) => probabilities[a].CompareTo(probabilities[b]));
        return (order.Select(i => probabilities[i]).ToArray(), order);
    }

    // The lowest k probabilities go strong: the threshold sits halfway between the k-th and the next.
    private static ThresholdChoice Choice(double[] sorted, int[] order, IReadOnlyList<RouterExample> examples, int k, string rule)
    {
        var n = sorted.Length;
        var threshold = k == 0 ? sorted[0]
            : k == n ? Math.BitIncrement(sorted[n - 1])
            : sorted[k - 1] + ((sorted[k] - sorted[k - 1]) / 2);
        var strong = 0;
        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            var e = examples[order[i]];
            var toStrong = sorted[i] < threshold;
            strong += toStrong ? 1 : 0;
            correct += (toStrong ? e.StrongCorrect : e.WeakCorrect) ? 1 : 0;
        }

        return new ThresholdChoice(threshold, (double)strong / n, (double)correct / n, rule);
    }
}
