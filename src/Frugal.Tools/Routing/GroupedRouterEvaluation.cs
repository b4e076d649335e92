using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>
/// Honest generalisation: for each group (e.g. the four MMLU categories, <see cref="MmluSubjectGroups"/>),
/// train on the other groups and test on it, so the test prompts are of a kind — a whole field of
/// subjects — the router never saw. Reports every learned variant (lexical, embedding, combined)
/// beside random and prompt-length routing, the rule each variant's training chose (the length
/// fallback, decided by leave-one-group-out inside the training groups, never on the test group),
/// and the strong-call share the trained threshold and the share controller reach on the test group.
/// </summary>
public static class GroupedRouterEvaluation
{
    /// <summary>Recent decisions the share controller looks at in this evaluation (the route default).</summary>
    public const int ShareWindow = 1000;

    /// <summary>A feature set to train and test.</summary>
    /// <param name="Name">Its name in the report.</param>
    /// <param name="Features">Its feature options (an embedder name makes it need <c>embeddings</c>).</param>
    public sealed record Variant(string Name, RouterFeatureOptions Features);

    /// <summary>The variants: lexical always; embedding and combined when an embedder is given.</summary>
    public static IReadOnlyList<Variant> Variants(string? embedder, int dimensions) => embedder is null
        ? [new Variant("lexical", new RouterFeatureOptions())]
        :
        [
            new Variant("lexical", new RouterFeatureOptions()),
            new Variant("embedding", new RouterFeatureOptions { Lexical = false, HashBits = 8, Embedder = embedder, EmbeddingDimensions = dimensions }),
            new Variant("combined", new RouterFeatureOptions { Embedder = embedder, EmbeddingDimensions = dimensions }),
        ];

    /// <param name="examples">Every labelled row.</param>
    /// <param name="groups">The group of each row.</param>
    /// <param name="embeddings">One vector per row when a variant has an embedder; else null.</param>
    /// <param name="variants">What to train (see <see cref="Variants"/>).</param>
    /// <param name="options">Training options; their features are replaced by each variant's.</param>
    /// <param name="cancellationToken">Stops between trainings.</param>
    public static IReadOnlyList<HeldOutGroupResult> Run(
        IReadOnlyList<RouterExample> examples,
        IReadOnlyList<string> groups,
        IReadOnlyList<float[]>? embeddings,
        IReadOnlyList<Variant> variants,
        RouterTrainingOptions options,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(options);
        if (groups.Count != examples.Count)
        {
            throw new ArgumentException("Give one group per row.", nameof(groups));
        }

        var names = groups.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count < 3)
        {
            throw new ArgumentException("Grouped evaluation needs at least three groups (two to train on, with one held out inside them for the fallback).", nameof(groups));
        }

        var ordered = MmluSubjectGroups.Groups.Where(names.Contains).Concat(names.Where(n => !MmluSubjectGroups.Groups.Contains(n)).Order(StringComparer.Ordinal)).ToList();
        var results = new List<HeldOutGroupResult>();
        foreach (var held in ordered)
        {
            var trainIndex = Enumerable.Range(0, examples.Count).Where(i => groups[i] != held).ToArray();
            var testIndex = Enumerable.Range(0, examples.Count).Where(i => groups[i] == held).ToArray();

            // Replayed in a fixed pseudo-random order, as live traffic would arrive mixed, not file by file.
            testIndex = [.. testIndex.OrderBy(i => RouterDataSplit.Position(examples[i].Prompt, "replay")).ThenBy(i => i)];
            var train = trainIndex.Select(i => examples[i]).ToArray();
            var test = testIndex.Select(i => examples[i]).ToArray();
            var routers = new List<GroupRouterResult>
            {
                new("random", RouterEvaluator.RandomExpected(test), null, double.NaN, double.NaN),
                new("prompt length", RouterEvaluator.PromptLength(test), null, double.NaN, double.NaN),
            };
            var deployed = new List<GroupRouterResult>();
            foreach (var variant in variants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var needs = variant.Features.Embedder is not null;
                var trainer = new RouterTrainer(options with { Features = variant.Features });
                var result = trainer.Train(train, needs ? trainIndex.Select(i => embeddings![i]).ToArray() : null, trainIndex.Select(i => groups[i]).ToArray(), cancellationToken);
                var model = result.Model;
                var learned = new LearnedRouterModel(model.Features, model.Label, model.Weights, model.Threshold, model.ThresholdRule, model.Info, model.ScoreQuantiles);
                var testEmbeddings = needs ? testIndex.Select(i => embeddings![i]).ToArray() : null;
                var learnedScores = RouterTrainer.Score(learned, test.Select(e => e.Prompt).ToArray(), testEmbeddings, options.MaxParallelism, cancellationToken);
                var deployedScores = model.Rule == RouterRule.Learned ? learnedScores : test.Select(e => PromptLengthRule.WeakGoodScore(e.Prompt)).ToArray();
                var (fixedShare, controlledShare) = Shares(model, deployedScores);
                var learnedEvaluation = RouterTrainer.Evaluate(learnedScores, test);
                routers.Add(new GroupRouterResult(variant.Name, learnedEvaluation, model.Rule, model.Rule == RouterRule.Learned ? fixedShare : double.NaN, model.Rule == RouterRule.Learned ? controlledShare : double.NaN));
                deployed.Add(new GroupRouterResult(
                    $"{variant.Name} deployed",
                    model.Rule == RouterRule.Learned ? learnedEvaluation : RouterEvaluator.PromptLength(test),
                    model.Rule,
                    fixedShare,
                    controlledShare));
            }

            routers.AddRange(deployed);
            results.Add(new HeldOutGroupResult(held, train.Length, test.Length, routers));
            progress?.Report(results.Count / (double)ordered.Count);
        }

        return results;
    }

    /// <summary>The share at the trained threshold, and the share the controller realises after its first window.</summary>
    public static (double Fixed, double Controlled) Shares(LearnedRouterModel model, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scores);
        var fixedShare = RouterThresholds.StrongShare(scores, model.Threshold);
        var controller = new StrongShareController(model.Info.ExpectedStrongShare, ShareWindow, model.Threshold, model.ScoreQuantiles);
        var settled = 0;
        var strong = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var toStrong = controller.Decide(scores[i], out _);
            if (i >= Math.Min(ShareWindow, scores.Count / 2))
            {
                settled++;
                strong += toStrong ? 1 : 0;
            }
        }

        return (fixedShare, settled == 0 ? double.NaN : (double)strong / settled);
    }
}
