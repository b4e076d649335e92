using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Routing;

public sealed class RouterEvaluatorTests
{
    // Hand-computed toy: weak accuracy 1/4 (only B), strong accuracy 3/4 (A, B, D), gap 1/2.
    // Scores rank A > B > D > C, so sending k prompts to the strong model gives
    //   k=0: 1/4 correct → PGR 0;  k=1 (+A): 2/4 → 0.5;  k=2 (+B, both right): 2/4 → 0.5;
    //   k=3 (+D): 3/4 → 1;  k=4 (+C, both wrong): 3/4 → 1.
    // APGR (trapezoids of width 1/4) = (0+.5)/8 + (.5+.5)/8 + (.5+1)/8 + (1+1)/8 = 5/8.
    private static readonly RouterExample[] Toy =
    [
        new("A", WeakCorrect: false, StrongCorrect: true),
        new("B", WeakCorrect: true, StrongCorrect: true),
        new("C", WeakCorrect: false, StrongCorrect: false),
        new("D", WeakCorrect: false, StrongCorrect: true),
    ];

    private static readonly double[] ToyScores = [0.9, 0.7, 0.5, 0.6];

    [Fact]
    public void Toy_example_matches_the_hand_computation()
    {
        var evaluation = RouterEvaluator.Evaluate(ToyScores, Toy);

        Assert.Equal(0.25, evaluation.WeakAccuracy, 12);
        Assert.Equal(0.75, evaluation.StrongAccuracy, 12);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], evaluation.Curve.Select(p => p.StrongShare));
        Assert.Equal([0.25, 0.5, 0.5, 0.75, 0.75], evaluation.Curve.Select(p => p.Accuracy));
        Assert.Equal([0, 0.5, 0.5, 1, 1], evaluation.Curve.Select(p => p.Pgr));
        Assert.Equal(0.625, evaluation.Apgr, 12);
    }

    [Fact]
    public void Toy_example_cpt_and_interpolation()
    {
        var evaluation = RouterEvaluator.Evaluate(ToyScores, Toy);

        Assert.Equal(0.25, evaluation.Cpt50, 12); // PGR reaches 0.5 exactly at the first point
        Assert.Equal(0.65, evaluation.Cpt80, 12); // 0.5 + (0.8 − 0.5) / (1 − 0.5) × 0.25
        Assert.Equal(0.375, evaluation.AccuracyAt(0.125), 12);
        Assert.Equal(0.7, evaluation.ShareForAccuracy(0.7), 12);
        Assert.Equal(0, evaluation.ShareForAccuracy(0.2), 12);
        Assert.True(double.IsNaN(evaluation.ShareForAccuracy(0.9)));
    }

    [Fact]
    public void Equal_scores_are_one_step_so_constant_scores_are_random_routing()
    {
        var evaluation = RouterEvaluator.Evaluate([0.3, 0.3, 0.3, 0.3], Toy);

        Assert.Equal(2, evaluation.Curve.Count);
        Assert.Equal(0.5, evaluation.Apgr, 12);
        Assert.Equal(0.5, evaluation.Cpt50, 12);
        Assert.Equal(0.8, evaluation.Cpt80, 12);
        Assert.Equal(0.5, RouterEvaluator.RandomExpected(Toy).Apgr, 12);
    }

    [Fact]
    public void Ties_are_the_average_over_tie_orders()
    {
        // A and B tie: the segment across them is the mean of "A first" and "B first".
        var tied = RouterEvaluator.Evaluate([0.9, 0.9, 0.1, 0.5], Toy);
        var aFirst = RouterEvaluator.Evaluate([0.91, 0.9, 0.1, 0.5], Toy);
        var bFirst = RouterEvaluator.Evaluate([0.9, 0.91, 0.1, 0.5], Toy);

        Assert.Equal((aFirst.Apgr + bFirst.Apgr) / 2, tied.Apgr, 12);
    }

    [Fact]
    public void Without_a_gap_pgr_is_undefined()
    {
        RouterExample[] noGap = [new("x", true, true), new("y", false, false)];

        var evaluation = RouterEvaluator.Evaluate([1, 0], noGap);

        Assert.False(evaluation.GapDefined);
        Assert.True(double.IsNaN(evaluation.Apgr));
        Assert.True(double.IsNaN(evaluation.Cpt50));
    }

    [Fact]
    public void Random_scores_average_half_and_an_oracle_beats_them()
    {
        var random = new Random(7);
        var examples = Enumerable.Range(0, 2_000)
            .Select(i => new RouterExample($"p{i}", random.NextDouble() < 0.6, random.NextDouble() < 0.8))
            .ToArray();

        var mean = Enumerable.Range(1, 20).Average(seed => RouterEvaluator.RandomSample(examples, seed).Apgr);
        var oracle = RouterEvaluator.Evaluate(examples.Select(e => e.StrongNeeded ? 1.0 : 0.0).ToArray(), examples);

        Assert.InRange(mean, 0.47, 0.53);
        Assert.True(oracle.Apgr > 0.8, $"oracle APGR {oracle.Apgr}");
        Assert.True(oracle.Cpt80 < 0.3, $"oracle CPT80 {oracle.Cpt80}");
    }

    [Fact]
    public void Prompt_length_baseline_sends_long_prompts_first()
    {
        RouterExample[] examples =
        [
            new("short", WeakCorrect: true, StrongCorrect: true),
            new("a much longer prompt", WeakCorrect: false, StrongCorrect: true),
        ];

        var evaluation = RouterEvaluator.PromptLength(examples);

        // The long prompt goes first: PGR 1 at share 0.5, so APGR = 0.5 × (0 + 1) / 2 + 0.5 × 1.
        Assert.Equal([0, 1, 1], evaluation.Curve.Select(p => p.Pgr));
        Assert.Equal(0.75, evaluation.Apgr, 12);
        Assert.Equal(0.25, evaluation.Cpt50, 12);
    }

    [Fact]
    public void Bootstrap_interval_brackets_the_estimate()
    {
        var random = new Random(3);
        var examples = Enumerable.Range(0, 500).Select(i => new RouterExample($"p{i}", random.NextDouble() < 0.6, random.NextDouble() < 0.85)).ToArray();
        var scores = examples.Select(e => (e.StrongNeeded ? 0.3 : 0) + random.NextDouble()).ToArray();

        var apgr = RouterEvaluator.Evaluate(scores, examples).Apgr;
        var (low, high) = RouterEvaluator.BootstrapApgr(scores, examples, resamples: 100, seed: 1);

        Assert.True(low < apgr && apgr < high, $"{low} < {apgr} < {high}");
        Assert.Equal((low, high), RouterEvaluator.BootstrapApgr(scores, examples, resamples: 100, seed: 1));
    }

    [Fact]
    public void Mismatched_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RouterEvaluator.Evaluate([1.0], Toy));
        Assert.Throws<ArgumentException>(() => RouterEvaluator.Evaluate([], []));
        Assert.Throws<ArgumentException>(() => RouterEvaluator.Evaluate([double.NaN, 1, 1, 1], Toy));
    }
}
