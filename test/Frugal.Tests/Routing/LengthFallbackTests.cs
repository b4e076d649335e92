using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Routing.Learned;
using Frugal.Tools.Routing;

namespace Frugal.Tests.Routing;

/// <summary>
/// Training keeps the learned weights only where they beat prompt-length routing on held-out
/// data; otherwise the model file says "prompt length" and the route routes by length.
/// </summary>
public sealed class LengthFallbackTests
{
    private static readonly RouterTrainingOptions Small = new() { Features = new RouterFeatureOptions { HashBits = 10 }, MaxParallelism = 1 };

    [Fact]
    public void Where_only_length_carries_the_signal_the_model_falls_back_to_length()
    {
        var data = LengthData(600, seed: 1);

        var result = new RouterTrainer(Small).Train(data);

        Assert.Equal(RouterRule.PromptLength, result.Model.Rule);
        Assert.True(result.HeldOutLengthApgr > result.HeldOutApgr, result.Model.RuleEvidence);
        Assert.Contains("prompt length", result.Model.RuleEvidence, StringComparison.Ordinal);
        var longPrompt = "word " + new string('x', 900);
        Assert.Equal(PromptLengthRule.WeakGoodScore(longPrompt), result.Model.ProbabilityWeakIsGoodEnough(longPrompt));
        Assert.True(result.Model.RouteToStrong(longPrompt));
        Assert.False(result.Model.RouteToStrong("short one"));

        var loaded = LearnedRouterModel.FromJson(result.Model.ToJson());
        Assert.Equal(RouterRule.PromptLength, loaded.Rule);
        Assert.Equal(result.Model.RuleEvidence, loaded.RuleEvidence);
    }

    [Fact]
    public void Where_the_words_carry_the_signal_the_learned_weights_are_kept()
    {
        var result = new RouterTrainer(Small).Train(SyntheticRouterData.Create(600, seed: 1));

        Assert.Equal(RouterRule.Learned, result.Model.Rule);
        Assert.True(result.HeldOutApgr > result.HeldOutLengthApgr, result.Model.RuleEvidence);
    }

    [Fact]
    public void The_fallback_can_be_turned_off()
    {
        var result = new RouterTrainer(Small with { LengthFallback = false }).Train(LengthData(600, seed: 1));

        Assert.Equal(RouterRule.Learned, result.Model.Rule);
    }

    [Fact]
    public void Files_written_before_the_fallback_read_as_learned()
    {
        var json = new RouterTrainer(Small).Train(SyntheticRouterData.Create(300, seed: 2)).Model.ToJson();
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        old.Remove("rule");
        old.Remove("ruleEvidence");

        var model = LearnedRouterModel.FromJson(old.ToJsonString());

        Assert.Equal(RouterRule.Learned, model.Rule);
        Assert.Null(model.RuleEvidence);
    }

    [Fact]
    public void Group_folds_hold_out_whole_groups()
    {
        var data = SyntheticRouterData.Create(600, seed: 5);
        var groups = data.Select((_, i) => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var result = new RouterTrainer(Small).Train(data, null, groups);

        Assert.Contains("3 held-out groups", result.Model.RuleEvidence, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RouterTrainer(Small).Train(data, null, groups.Select(_ => "one").ToArray()));
    }

    [Fact]
    public void Embedding_features_train_and_score_with_a_local_embedder()
    {
        var embedder = new HashingEmbedder(64);
        var data = SyntheticRouterData.Create(400, seed: 3);
        var embeddings = PromptEmbeddings.Embed(embedder, data.Select(e => e.Prompt).ToArray(), cacheFile: null, maxParallelism: 1, out var stats);
        var options = Small with { Features = new RouterFeatureOptions { Lexical = false, HashBits = 8, Embedder = "hashing", EmbeddingDimensions = 64 } };

        var model = new RouterTrainer(options).Train(data, embeddings, null).Model;

        Assert.Equal(400, stats.Computed);
        Assert.True(model.NeedsEmbedding);
        Assert.Equal((1 << 8) + RouterFeatures.DenseCount + 64, model.Weights.Weights.Length);
        var hard = "Tell me about Galois cohomology, please.";
        var easy = "Tell me about the capital of France, please.";
        Assert.True(model.ProbabilityWeakIsGoodEnough(hard, embedder.Embed(hard)) < model.ProbabilityWeakIsGoodEnough(easy, embedder.Embed(easy)));
        Assert.Throws<ArgumentException>(() => model.ProbabilityWeakIsGoodEnough(hard));
        Assert.Throws<ArgumentException>(() => new RouterTrainer(options).Train(data));
        var loaded = LearnedRouterModel.FromJson(model.ToJson());
        Assert.Equal("hashing", loaded.Features.Embedder);
        Assert.Equal(model.ScoreFingerprint, loaded.ScoreFingerprint);
    }

    [Fact]
    public void Prompt_embeddings_are_cached_by_prompt_hash()
    {
        var file = Path.Combine(Path.GetTempPath(), "frugal-router-embeddings-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            var embedder = new HashingEmbedder(32);
            string[] prompts = ["one prompt", "another prompt", "one prompt"];

            var first = PromptEmbeddings.Embed(embedder, prompts, file, 1, out var cold);
            var second = PromptEmbeddings.Embed(embedder, [.. prompts, "a new one"], file, 1, out var warm);

            Assert.Equal((0, 2), (cold.Cached, cold.Computed));
            Assert.Equal((3, 1), (warm.Cached, warm.Computed));
            Assert.Equal(first[0], second[0]);
            Assert.Equal(first[0], first[2]);
            Assert.Equal(embedder.Embed("a new one"), second[3]);

            // A file of another embedder (here: other dimensions) is not read.
            PromptEmbeddings.Embed(new HashingEmbedder(16), prompts, file, 1, out var other);
            Assert.Equal(0, other.Cached);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Prompts of random words whose length alone decides: long ones need the strong model.</summary>
    private static List<RouterExample> LengthData(int count, int seed)
    {
        var random = new Random(seed);
        string[] vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
        var examples = new List<RouterExample>();
        for (var i = 0; i < count; i++)
        {
            var words = random.Next(3, 120);
            var prompt = string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            var hard = words > 80;
            examples.Add(new RouterExample(prompt, WeakCorrect: !hard, StrongCorrect: true));
        }

        return examples;
    }
}
