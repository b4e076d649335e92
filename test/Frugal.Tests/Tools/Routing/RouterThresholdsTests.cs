using Frugal.Tools.Routing;

namespace Frugal.Tests.Tools.Routing;

public sealed class RouterThresholdsTests
{
    // P(weak good enough) = 1 − the toy scores of RouterEvaluatorTests: A .1, B .3, C .5, D .4.
    private static readonly RouterExample[] Toy =
    [
        new("A", WeakCorrect: false, StrongCorrect: true),
        new("B", WeakCorrect: true, StrongCorrect: true),
        new("C", WeakCorrect: false, StrongCorrect: false),
        new("D", WeakCorrect: false, StrongCorrect: true),
    ];

    private static readonly double[] WeakGood = [0.1, 0.3, 0.5, 0.4];

    [Fact]
    public void Target_share_puts_the_threshold_between_neighbours()
    {
        var choice = RouterThresholds.ForStrongShare(WeakGood, Toy, 0.5);

        Assert.Equal(0.35, choice.Threshold, 12);
        Assert.Equal(0.5, choice.StrongShare, 12);
        Assert.Equal(0.5, choice.Accuracy, 12);
        Assert.Equal("strong-share 0.5", choice.Rule);
        Assert.Equal(0.5, RouterThresholds.StrongShare(WeakGood, choice.Threshold), 12);
    }

    [Fact]
    public void Extreme_shares_route_nothing_or_everything()
    {
        Assert.Equal(0, RouterThresholds.ForStrongShare(WeakGood, Toy, 0).StrongShare);
        Assert.Equal(1, RouterThresholds.ForStrongShare(WeakGood, Toy, 1).StrongShare);
    }

    [Fact]
    public void Quality_floor_takes_the_fewest_strong_calls_that_reach_it()
    {
        // 100% of the strong model's accuracy (3 correct) needs A, B and D strong: share 3/4.
        var full = RouterThresholds.ForQualityFloor(WeakGood, Toy, 1.0);
        // 60% of 3 = 1.8 correct: A alone gives 2.
        var partial = RouterThresholds.ForQualityFloor(WeakGood, Toy, 0.6);

        Assert.Equal(0.45, full.Threshold, 12);
        Assert.Equal(0.75, full.StrongShare, 12);
        Assert.Equal(0.75, full.Accuracy, 12);
        Assert.Equal(0.2, partial.Threshold, 12);
        Assert.Equal(0.25, partial.StrongShare, 12);
        Assert.Equal("quality-floor 0.6", partial.Rule);
    }

    [Fact]
    public void A_threshold_never_splits_equal_probabilities()
    {
        double[] tied = [0.2, 0.2, 0.2, 0.9];

        var choice = RouterThresholds.ForQualityFloor(tied, Toy, 0.6);

        Assert.True(choice.StrongShare is 0 or 0.75, $"share {choice.StrongShare}");
    }
}
