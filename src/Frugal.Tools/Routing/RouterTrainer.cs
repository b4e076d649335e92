using System.Globalization;
using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>
/// Trains a <see cref="LearnedRouterModel"/>: extracts features, chooses L2 by k-fold
/// cross-validation on the training rows (the fold of a row is a hash of its prompt), fits the
/// final weights on all of them, and places the threshold on the out-of-fold predictions, so
/// that the expected strong-call share or quality floor holds for prompts the model has not seen.
/// </summary>
/// <remarks>
/// Label (see <see cref="RouterLabel"/>): by default "strong needed" = weak wrong AND strong
/// right, as in RouteLLM. Rows where both models agree carry no routing benefit, so they are
/// negatives; P(weak good enough) is then 1 − P(strong needed). Everything is deterministic for
/// a given data set and seed, whatever the degree of parallelism.
/// </remarks>
public sealed class RouterTrainer
{
    private readonly RouterTrainingOptions _options;
    private readonly TimeProvider _time;

    public RouterTrainer(RouterTrainingOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new RouterTrainingOptions();
        _time = time ?? TimeProvider.System;
        if (_options.Folds < 2)
        {
            throw new ArgumentException("Cross-validation needs at least 2 folds.", nameof(options));
        }

        if (_options.L2Candidates.Count == 0)
        {
            throw new ArgumentException("Give at least one L2 candidate.", nameof(options));
        }

        if (_options.QualityFloor is { } floor && floor is <= 0 or > 1)
        {
            throw new ArgumentException("The quality floor must be in (0, 1].", nameof(options));
        }

        if (_options.TargetStrongShare is < 0 or > 1)
        {
            throw new ArgumentException("The target strong share must be from 0 to 1.", nameof(options));
        }
    }

    public RouterTrainingOptions Options => _options;

    /// <summary>Told the share of the cross-validation fits done (0 to 1), for a progress bar; never printed from here.</summary>
    public IProgress<double>? Progress { get; init; }

    public RouterTrainingResult Train(IReadOnlyList<RouterExample> examples, CancellationToken cancellationToken = default) =>
        Train(examples, null, null, cancellationToken);

    /// <param name="examples">The training rows.</param>
    /// <param name="embeddings">
    /// One vector per row from <see cref="RouterFeatureOptions.Embedder"/> when the features have an
    /// embedding block (see <see cref="PromptEmbeddings"/>); null otherwise.
    /// </param>
    /// <param name="groups">
    /// A group name per row (e.g. the MMLU category of its subject): cross-validation then holds out
    /// one whole group per fold instead of a hash share, so the threshold, the score quantiles and the
    /// length fallback are judged on kinds of prompts the fold's model never saw. Null for hash folds.
    /// </param>
    /// <param name="cancellationToken">Stops training between epochs.</param>
    public RouterTrainingResult Train(IReadOnlyList<RouterExample> examples, IReadOnlyList<float[]>? embeddings, IReadOnlyList<string>? groups, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count < _options.Folds * 10)
        {
            throw new ArgumentException($"Training needs at least {_options.Folds * 10} rows for {_options.Folds}-fold cross-validation; got {examples.Count}.", nameof(examples));
        }

        if ((embeddings is null) == (_options.Features.Embedder is not null) || (embeddings is not null && embeddings.Count != examples.Count))
        {
            throw new ArgumentException("Give one embedding per row exactly when the features name an embedder.", nameof(embeddings));
        }

        var started = _time.GetTimestamp();
        var features = new RouterFeatures(_options.Features);
        var vectors = Extract(features, examples.Select(e => e.Prompt).ToArray(), embeddings, _options.MaxParallelism, cancellationToken);
        var labels = examples.Select(e => Label(e, _options.Label)).ToArray();
        var (folds, foldCount) = Folds(examples, groups);

        var featureTime = _time.GetElapsedTime(started);
        started = _time.GetTimestamp();

        // Every (L2, fold) training is independent: run them all side by side.
        var candidates = _options.L2Candidates;
        var outOfFold = candidates.Select(_ => new double[examples.Count]).ToArray();
        var jobs = candidates.Count * foldCount;
        var done = 0;
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism), CancellationToken = cancellationToken }, job =>
        {
            var (candidate, fold) = (job / foldCount, job % foldCount);
            var trainIndex = Enumerable.Range(0, examples.Count).Where(i => folds[i] != fold).ToArray();
            var trainer = new LogisticRegressionTrainer(_options.Regression with { L2 = candidates[candidate] });
            var weights = trainer.Train(trainIndex.Select(i => vectors[i]).ToArray(), trainIndex.Select(i => labels[i]).ToArray(), features.Dimension, cancellationToken);
            for (var i = 0; i < examples.Count; i++)
            {
                if (folds[i] == fold)
                {
                    outOfFold[candidate][i] = WeakGood(weights.Probability(vectors[i]), _options.Label);
                }
            }

            Progress?.Report(Interlocked.Increment(ref done) / (jobs + 1.0)); // + 1: the final fit
        });

        var scores = candidates.Select((l2, c) => (L2: l2, Apgr: Evaluate(outOfFold[c], examples).Apgr)).ToList();
        var best = 0;
        for (var c = 1; c < scores.Count; c++)
        {
            var better = scores[c].Apgr > scores[best].Apgr + 1e-12
                || (Math.Abs(scores[c].Apgr - scores[best].Apgr) <= 1e-12 && scores[c].L2 > scores[best].L2);
            best = better || double.IsNaN(scores[best].Apgr) ? c : best;
        }

        var l2Chosen = candidates[best];
        var crossValidationTime = _time.GetElapsedTime(started);
        started = _time.GetTimestamp();
        var finalWeights = new LogisticRegressionTrainer(_options.Regression with { L2 = l2Chosen }).Train(vectors, labels, features.Dimension, cancellationToken);
        var finalFitTime = _time.GetElapsedTime(started);
        Progress?.Report(1);
        var crossValidation = Evaluate(outOfFold[best], examples);

        // The fallback is judged fold by fold — each fold's rows were unseen by the model that scored them.
        var lengthScores = examples.Select(e => PromptLengthRule.WeakGoodScore(e.Prompt)).ToArray();
        var (heldOut, heldOutLength, worstMargin) = FoldApgr(outOfFold[best], lengthScores, examples, folds, foldCount);
        var rule = _options.LengthFallback && worstMargin < 0 ? RouterRule.PromptLength : RouterRule.Learned;
        var evidence = string.Create(CultureInfo.InvariantCulture, $"held-out APGR over {(groups is null ? $"{foldCount} hash folds" : $"{foldCount} held-out groups")}: learned {heldOut:0.000}, prompt length {heldOutLength:0.000} (mean); learned minus length on the worst fold {worstMargin:+0.000;-0.000}");
        var ruleScores = rule == RouterRule.Learned ? outOfFold[best] : lengthScores;
        var threshold = _options.QualityFloor is { } floor
            ? RouterThresholds.ForQualityFloor(ruleScores, examples, floor)
            : RouterThresholds.ForStrongShare(ruleScores, examples, _options.TargetStrongShare);

        var info = new RouterModelInfo(_options.WeakModel, _options.StrongModel, examples.Count, l2Chosen, _options.Regression.Seed, threshold.StrongShare, crossValidation.Apgr, _options.TestShare);
        var model = new LearnedRouterModel(_options.Features, _options.Label, finalWeights, threshold.Threshold, threshold.Rule, info, Quantiles(ruleScores), rule, evidence);
        return new RouterTrainingResult(model, crossValidation, threshold, scores, featureTime, crossValidationTime, finalFitTime, heldOut, heldOutLength);
    }

    /// <summary>P(weak good enough) of each prompt for a model whose features may need embeddings (one per prompt, or null).</summary>
    public static double[] Score(LearnedRouterModel model, IReadOnlyList<string> prompts, IReadOnlyList<float[]>? embeddings, int maxParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        if (model.NeedsEmbedding && (embeddings is null || embeddings.Count != prompts.Count))
        {
            throw new ArgumentException("This router needs one embedding per prompt.", nameof(embeddings));
        }

        var scores = new double[prompts.Count];
        Parallel.For(0, prompts.Count, Parallelism(maxParallelism, cancellationToken), i =>
            scores[i] = model.NeedsEmbedding ? model.ProbabilityWeakIsGoodEnough(prompts[i], embeddings![i]) : model.ProbabilityWeakIsGoodEnough(prompts[i]));
        return scores;
    }

    private (int[] Folds, int Count) Folds(IReadOnlyList<RouterExample> examples, IReadOnlyList<string>? groups)
    {
        if (groups is null)
        {
            return (examples.Select(e => RouterDataSplit.Fold(e.Prompt, _options.Folds)).ToArray(), _options.Folds);
        }

        if (groups.Count != examples.Count)
        {
            throw new ArgumentException("Give one group per row.", nameof(groups));
        }

        var names = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count < 2)
        {
            throw new ArgumentException("Group folds need at least two groups.", nameof(groups));
        }

        return (groups.Select(g => names.IndexOf(g)).ToArray(), names.Count);
    }

    // Learned must beat length on every fold it is judged on, not on average: a router that wins on
    // three kinds of prompts and loses badly on the fourth is worse than the length rule for a
    // deployment that cannot know which kind its traffic is.
    private static (double Learned, double Length, double WorstMargin) FoldApgr(double[] weakGood, double[] lengthWeakGood, IReadOnlyList<RouterExample> examples, int[] folds, int foldCount)
    {
        double learned = 0, length = 0, worst = double.PositiveInfinity;
        var counted = 0;
        for (var fold = 0; fold < foldCount; fold++)
        {
            var rows = Enumerable.Range(0, examples.Count).Where(i => folds[i] == fold).ToArray();
            var subset = rows.Select(i => examples[i]).ToArray();
            var a = Evaluate(rows.Select(i => weakGood[i]).ToArray(), subset).Apgr;
            var b = Evaluate(rows.Select(i => lengthWeakGood[i]).ToArray(), subset).Apgr;
            if (double.IsFinite(a) && double.IsFinite(b))
            {
                (learned, length, counted) = (learned + a, length + b, counted + 1);
                worst = Math.Min(worst, a - b);
            }
        }

        return counted == 0 ? (double.NaN, double.NaN, double.NaN) : (learned / counted, length / counted, worst);
    }

    /// <summary>P(weak good enough) for each prompt, computed in parallel.</summary>
    public static double[] Score(LearnedRouterModel model, IReadOnlyList<string> prompts, int maxParallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        var scores = new double[prompts.Count];
        Parallel.For(0, prompts.Count, Parallelism(maxParallelism, cancellationToken), i => scores[i] = model.ProbabilityWeakIsGoodEnough(prompts[i]));
        return scores;
    }

    /// <summary>The training target of <paramref name="example"/> under <paramref name="label"/>.</summary>
    public static bool Label(RouterExample example, RouterLabel label)
    {
        ArgumentNullException.ThrowIfNull(example);
        return label == RouterLabel.StrongNeeded ? example.StrongNeeded : example.WeakCorrect;
    }

    /// <summary>Evaluates P(weak good enough) values: the strong score is 1 − P.</summary>
    public static RouterEvaluation Evaluate(IReadOnlyList<double> weakGoodProbabilities, IReadOnlyList<RouterExample> examples)
    {
        ArgumentNullException.ThrowIfNull(weakGoodProbabilities);
        return RouterEvaluator.Evaluate(weakGoodProbabilities.Select(p => 1 - p).ToArray(), examples);
    }

    /// <summary>The 0 %, 1 %, … 100 % quantiles of out-of-fold scores, recorded so a route can pick a threshold for its own strong share.</summary>
    private static double[] Quantiles(double[] scores)
    {
        var sorted = scores.Order().ToArray();
        var quantiles = new double[101];
        for (var i = 0; i <= 100; i++)
        {
            var position = i / 100.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(sorted.Length - 1, low + 1);
            quantiles[i] = sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
        }

        return quantiles;
    }

    private static double WeakGood(double positive, RouterLabel label) => label == RouterLabel.StrongNeeded ? 1 - positive : positive;

    private static SparseVector[] Extract(RouterFeatures features, string[] prompts, IReadOnlyList<float[]>? embeddings, int maxParallelism, CancellationToken cancellationToken)
    {
        var vectors = new SparseVector[prompts.Length];
        Parallel.For(0, prompts.Length, Parallelism(maxParallelism, cancellationToken), i => vectors[i] = features.Extract(prompts[i], embeddings is null ? default : embeddings[i]));
        return vectors;
    }

    private static ParallelOptions Parallelism(int maxParallelism, CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
        CancellationToken = cancellationToken,
    };
}
