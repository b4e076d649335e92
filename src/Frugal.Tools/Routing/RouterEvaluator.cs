namespace Frugal.Tools.Routing;

/// <summary>
/// Evaluates a router the way the routing literature does: sweep the threshold over a scored
/// test set where both models' outcomes are known per prompt, and read off the cost/quality
/// curve (see <see cref="RouterEvaluation"/>). A score is "how much this prompt wants the strong
/// model": the highest-scored share x of prompts goes to the strong model, the rest to the weak.
/// </summary>
public static class RouterEvaluator
{
    public static RouterEvaluation Evaluate(IReadOnlyList<double> strongScores, IReadOnlyList<RouterExample> examples)
    {
        ArgumentNullException.ThrowIfNull(strongScores);
        ArgumentNullException.ThrowIfNull(examples);
        if (strongScores.Count != examples.Count)
        {
            throw new ArgumentException("There must be one score per example.", nameof(strongScores));
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("Evaluation needs at least one example.", nameof(examples));
        }

        if (strongScores.Any(double.IsNaN))
        {
            throw new ArgumentException("Scores must not be NaN.", nameof(strongScores));
        }

        var n = examples.Count;
        var weakCorrect = examples.Count(e => e.WeakCorrect);
        var strongCorrect = examples.Count(e => e.StrongCorrect);
        var weakAccuracy = (double)weakCorrect / n;
        var strongAccuracy = (double)strongCorrect / n;
        var gap = strongAccuracy - weakAccuracy;

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => strongScores[b].CompareTo(strongScores[a]));

        // Walk from "all weak" to "all strong"; a point only where the score changes (ties move together).
        var curve = new List<CurvePoint> { Point(0, weakCorrect) };
        var correct = weakCorrect;
        for (var k = 0; k < n; k++)
        {
            var example = examples[order[k]];
            correct += (example.StrongCorrect ? 1 : 0) - (example.WeakCorrect ? 1 : 0);
            if (k == n - 1 || strongScores[order[k + 1]] != strongScores[order[k]])
            {
                curve.Add(Point(k + 1, correct));
            }
        }

        return new RouterEvaluation(n, weakAccuracy, strongAccuracy, curve);

        CurvePoint Point(int strongCalls, int correctCount)
        {
            var accuracy = (double)correctCount / n;
            return new CurvePoint((double)strongCalls / n, accuracy, gap > 0 ? (accuracy - weakAccuracy) / gap : double.NaN);
        }
    }

    /// <summary>
    /// Random routing in expectation: every prompt the same score, so the curve is the straight
    /// line from the weak to the strong model (APGR 0.5, CPT(p) = p), with no sampling noise.
    /// </summary>
    public static RouterEvaluation RandomExpected(IReadOnlyList<RouterExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Evaluate(new double[examples.Count], examples);
    }

    /// <summary>Random routing with seeded random scores (one draw of the random router; average several to see its spread).</summary>
    public static RouterEvaluation RandomSample(IReadOnlyList<RouterExample> examples, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var random = new Random(seed);
        var scores = new double[examples.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = random.NextDouble();
        }

        return Evaluate(scores, examples);
    }

    /// <summary>
    /// A percentile bootstrap interval for APGR: resample the prompts with replacement
    /// <paramref name="resamples"/> times and take the central <paramref name="confidence"/> share
    /// of the APGRs. On a few thousand prompts the interval is several points wide, which is the
    /// honest size of a difference between two routers evaluated on them.
    /// </summary>
    public static (double Low, double High) BootstrapApgr(IReadOnlyList<double> strongScores, IReadOnlyList<RouterExample> examples, int resamples = 200, int seed = 1, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strongScores);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var random = new Random(seed);
        var n = examples.Count;
        var scores = new double[n];
        var sample = new RouterExample[n];
        var apgrs = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < n; i++)
            {
                var pick = random.Next(n);
                scores[i] = strongScores[pick];
                sample[i] = examples[pick];
            }

            var apgr = Evaluate(scores, sample).Apgr;
            if (!double.IsNaN(apgr))
            {
                apgrs.Add(apgr);
            }
        }

        if (apgrs.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        apgrs.Sort();
        var tail = (1 - confidence) / 2;
        return (apgrs[(int)Math.Floor(tail * (apgrs.Count - 1))], apgrs[(int)Math.Ceiling((1 - tail) * (apgrs.Count - 1))]);
    }

    /// <summary>The prompt-length baseline: the longer the prompt, the more it wants the strong model.</summary>
    public static RouterEvaluation PromptLength(IReadOnlyList<RouterExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Evaluate(examples.Select(e => (double)e.Prompt.Length).ToArray(), examples);
    }
}
