using Frugal.Core.Routing.Learned;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

/// <summary>
/// The share controller holds the configured strong-call share on traffic whose scores sit
/// somewhere else than the training scores, where the trained (fixed) threshold does not.
/// Deterministic: seeded scores, no clock.
/// </summary>
public sealed class StrongShareControllerTests
{
    private const double Target = 0.3;

    // Training scores uniform on [0, 1]: the trained threshold for 30 % is 0.3.
    private static readonly double[] UniformQuantiles = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();

    [Theory]
    [InlineData(0.5, 1.0)] // easier-looking traffic: the fixed threshold sends almost nothing strong
    [InlineData(0.0, 0.45)] // harder-looking traffic: the fixed threshold sends about two thirds strong
    [InlineData(0.28, 0.32)] // every score crowded around the trained threshold
    public void Holds_the_share_on_shifted_scores_where_the_fixed_threshold_does_not(double low, double high)
    {
        var controller = new StrongShareController(Target, window: 500, warmThreshold: 0.3, UniformQuantiles);
        var random = new Random(7);
        var scores = Enumerable.Range(0, 3000).Select(_ => low + (random.NextDouble() * (high - low))).ToArray();

        var decisions = scores.Select(s => controller.Decide(s, out _)).ToArray();

        var lastN = decisions[^1000..];
        var realised = lastN.Count(d => d) / 1000.0;
        var fixedShare = scores[^1000..].Count(s => s < 0.3) / 1000.0;
        Assert.InRange(realised, Target - 0.05, Target + 0.05);
        Assert.False(Math.Abs(fixedShare - Target) <= 0.05, $"the shift should move the fixed threshold's share away from {Target}: {fixedShare}");
    }

    [Fact]
    public void Starts_at_the_trained_threshold()
    {
        var controller = new StrongShareController(Target, window: 1000, warmThreshold: 0.3, UniformQuantiles);

        Assert.InRange(controller.Threshold, 0.295, 0.305);
        Assert.True(controller.Decide(0.29, out var used));
        Assert.InRange(used, 0.295, 0.305);
    }

    [Fact]
    public void Without_a_prior_it_uses_the_trained_threshold_until_enough_live_scores()
    {
        var controller = new StrongShareController(Target, window: 200, warmThreshold: 0.8, prior: null);
        for (var i = 0; i < StrongShareController.MinimumLiveScores - 1; i++)
        {
            controller.Decide(0.9 + (i / 1000.0), out var threshold);
            Assert.Equal(0.8, threshold);
        }

        controller.Decide(0.95, out _);
        Assert.InRange(controller.Threshold, 0.9, 0.96); // now the window's own 30 % quantile
    }

    [Fact]
    public void The_window_is_bounded_and_forgets_old_traffic()
    {
        var controller = new StrongShareController(Target, window: 100, warmThreshold: 0.3, UniformQuantiles);
        for (var i = 0; i < 100_000; i++)
        {
            controller.Decide(0.9, out _);
        }

        var (scores, live) = controller.Snapshot();
        Assert.Equal(100, scores.Length);
        Assert.Equal(100, live);
        for (var i = 0; i < 100; i++)
        {
            controller.Decide(0.1 + (i / 1000.0), out _);
        }

        Assert.InRange(controller.Threshold, 0.1, 0.2); // nothing of the 0.9 era is left
    }

    [Fact]
    public void Non_finite_scores_go_weak_and_do_not_enter_the_window()
    {
        var controller = new StrongShareController(Target, window: 100, warmThreshold: 0.3, UniformQuantiles);
        var before = controller.Threshold;

        Assert.False(controller.Decide(double.NaN, out _));
        Assert.Equal(before, controller.Threshold);
    }

    [Fact]
    public void Snapshot_and_restore_give_the_same_threshold()
    {
        var controller = new StrongShareController(Target, window: 300, warmThreshold: 0.3, UniformQuantiles);
        var random = new Random(3);
        for (var i = 0; i < 1000; i++)
        {
            controller.Decide(random.NextDouble() * 0.5, out _);
        }

        var (scores, live) = controller.Snapshot();
        var restored = new StrongShareController(Target, window: 300, warmThreshold: 0.3, UniformQuantiles);
        restored.Restore(scores, live);

        Assert.Equal(controller.Threshold, restored.Threshold);
        Assert.Equal(controller.Snapshot().Scores, restored.Snapshot().Scores);
    }

    [Fact]
    public void A_trained_router_holds_its_share_on_traffic_of_another_kind()
    {
        // Trained on a mix where a third of prompts are hard; live traffic is all hard topics
        // (like a held-out MMLU group), written three times longer.
        var model = new RouterTrainer(new RouterTrainingOptions { Features = new RouterFeatureOptions { HashBits = 12 }, MaxParallelism = 1 })
            .Train(SyntheticRouterData.Create(600, seed: 1)).Model;
        var live = SyntheticRouterData.Create(4000, seed: 9).Where(e => e.StrongNeeded).Select(e => string.Join(' ', e.Prompt, e.Prompt, e.Prompt)).ToArray();
        var scores = live.Select(model.ProbabilityWeakIsGoodEnough).ToArray();
        var controller = new StrongShareController(model.Info.ExpectedStrongShare, window: 400, model.Threshold, model.ScoreQuantiles);

        var decisions = scores.Select(s => controller.Decide(s, out _)).ToArray();

        var n = Math.Min(600, decisions.Length - 400);
        var realised = decisions[^n..].Count(d => d) / (double)n;
        var fixedShare = RouterThresholds.StrongShare(scores[^n..], model.Threshold);
        Assert.InRange(realised, model.Info.ExpectedStrongShare - 0.05, model.Info.ExpectedStrongShare + 0.05);
        Assert.True(fixedShare > 0.6, $"the trained threshold sends most hard prompts strong: {fixedShare}");
    }
}
