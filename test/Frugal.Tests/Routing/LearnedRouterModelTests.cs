using System.Text.Json.Nodes;
using Frugal.Core.Routing.Learned;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

public sealed class LearnedRouterModelTests
{
    private static readonly RouterTrainingOptions SmallOptions = new()
    {
        Features = new RouterFeatureOptions { HashBits = 12 },
        TargetStrongShare = 0.3,
        WeakModel = "weak-model",
        StrongModel = "strong-model",
        TestShare = 0.2,
    };

    private static readonly Lazy<RouterTrainingResult> Trained = new(() => new RouterTrainer(SmallOptions).Train(SyntheticRouterData.Create(600, seed: 1)));

    [Fact]
    public void Router_learns_which_topics_need_the_strong_model()
    {
        var test = SyntheticRouterData.Create(400, seed: 2);
        var model = Trained.Value.Model;

        var evaluation = RouterTrainer.Evaluate(RouterTrainer.Score(model, test.Select(e => e.Prompt).ToArray()), test);
        var oracle = RouterEvaluator.Evaluate(test.Select(e => e.StrongNeeded ? 1.0 : 0.0).ToArray(), test);

        // A third of the prompts need the strong model, so even the oracle's APGR is about 0.83.
        Assert.True(evaluation.Apgr > 0.95 * oracle.Apgr, $"APGR {evaluation.Apgr}, oracle {oracle.Apgr}");
        Assert.True(RouterEvaluator.PromptLength(test).Apgr < 0.7);
        Assert.True(model.RouteToStrong("Tell me about Galois cohomology, please."));
        Assert.False(model.RouteToStrong("Tell me about the capital of France, please."));
        Assert.True(model.ProbabilityWeakIsGoodEnough("Quick one on the colour of the sky.") > model.ProbabilityWeakIsGoodEnough("Quick one on Ramsey number bounds."));
    }

    [Fact]
    public void Threshold_holds_the_target_share_on_new_prompts()
    {
        var test = SyntheticRouterData.Create(400, seed: 3);
        var result = Trained.Value;

        var share = RouterThresholds.StrongShare(RouterTrainer.Score(result.Model, test.Select(e => e.Prompt).ToArray()), result.Model.Threshold);

        // A third of the prompts are hard: routing 30% sends (almost) only hard ones.
        Assert.InRange(result.Threshold.StrongShare, 0.28, 0.32);
        Assert.InRange(share, 0.2, 0.4);
    }

    [Fact]
    public void Json_round_trip_keeps_every_prediction()
    {
        var model = Trained.Value.Model;

        var json = model.ToJson();
        var loaded = LearnedRouterModel.FromJson(json);

        Assert.Equal(json, loaded.ToJson());
        Assert.Equal(model.Threshold, loaded.Threshold);
        Assert.Equal(model.ThresholdRule, loaded.ThresholdRule);
        Assert.Equal(model.Label, loaded.Label);
        Assert.Equal(model.Features, loaded.Features);
        Assert.Equal(model.Info, loaded.Info);
        foreach (var prompt in SyntheticRouterData.Create(50, seed: 9).Select(e => e.Prompt).Append(string.Empty).Append("中文提示：请证明这个定理"))
        {
            Assert.Equal(model.ProbabilityWeakIsGoodEnough(prompt), loaded.ProbabilityWeakIsGoodEnough(prompt));
        }
    }

    [Fact]
    public void Json_is_readable_where_a_person_looks()
    {
        var json = JsonNode.Parse(Trained.Value.Model.ToJson())!;

        Assert.Equal(LearnedRouterModel.FormatVersion, (string?)json["format"]);
        Assert.Equal("StrongNeeded", (string?)json["label"]);
        Assert.Equal("weak-model", (string?)json["info"]!["weakModel"]);
        Assert.Equal(12, (int?)json["features"]!["hashBits"]);
        Assert.Equal((1 << 12) + RouterFeatures.DenseCount, (int?)json["dimension"]);
        Assert.StartsWith("strong-share 0.3", (string?)json["thresholdRule"], StringComparison.Ordinal);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var data = SyntheticRouterData.Create(300, seed: 4);

        var a = new RouterTrainer(SmallOptions).Train(data).Model.ToJson();
        var b = new RouterTrainer(SmallOptions with { MaxParallelism = 1 }).Train(data).Model.ToJson();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Quality_floor_sets_the_threshold()
    {
        var result = new RouterTrainer(SmallOptions with { QualityFloor = 0.95 }).Train(SyntheticRouterData.Create(600, seed: 1));

        Assert.Equal("quality-floor 0.95", result.Model.ThresholdRule);
        Assert.True(result.Threshold.Accuracy >= 0.95 * result.CrossValidation.StrongAccuracy - 1e-9);
        Assert.True(result.Threshold.StrongShare < 0.5, $"share {result.Threshold.StrongShare}");
    }

    [Theory]
    [InlineData("""{"format":"something-else/1"}""", "format")]
    [InlineData("not json", "Not a router model file")]
    public void Foreign_files_are_refused(string json, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => LearnedRouterModel.FromJson(json));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_from_other_feature_code_is_refused()
    {
        var json = JsonNode.Parse(Trained.Value.Model.ToJson())!;
        json["features"]!["version"] = "frugal-router-features/0";

        var ex = Assert.Throws<InvalidDataException>(() => LearnedRouterModel.FromJson(json.ToJsonString()));

        Assert.Contains("retrain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_weights_are_refused()
    {
        var json = JsonNode.Parse(Trained.Value.Model.ToJson())!;
        json["weights"] = Convert.ToBase64String(new byte[16]);

        Assert.Throws<InvalidDataException>(() => LearnedRouterModel.FromJson(json.ToJsonString()));
    }

    [Fact]
    public void Weak_correct_label_inverts_nothing()
    {
        var result = new RouterTrainer(SmallOptions with { Label = RouterLabel.WeakCorrect }).Train(SyntheticRouterData.Create(600, seed: 1));

        // Trained on P(weak right), the probability still means "weak is good enough".
        Assert.True(result.Model.ProbabilityWeakIsGoodEnough("Quick one on the capital of France.") > 0.7);
        Assert.True(result.Model.ProbabilityWeakIsGoodEnough("Quick one on Galois cohomology.") < 0.3);
    }

    [Fact]
    public void Too_little_data_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RouterTrainer().Train(SyntheticRouterData.Create(20, seed: 1)));
    }
}
