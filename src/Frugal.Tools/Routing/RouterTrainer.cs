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

    public RouterTrainingResult Train(IReadOnlyList<RouterExample> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count < _options.Folds * 10)
        {
            throw new ArgumentException($"Training needs at least {_options.Folds * 10} rows for {_options.Folds}-fold cross-validation; got {examples.Count}.", nameof(examples));
        }

        var started = _time.GetTimestamp();
        var features = new RouterFeatures(_options.Features);
        var vectors = Extract(features, examples.Select(e => e.Prompt).ToArray(), _options.MaxParallelism, cancellationToken);
        var labels = examples.Select(e => Label(e, _options.Label)).ToArray();
        var folds = examples.Select(e => RouterDataSplit.Fold(e.Prompt, _options.Folds)).ToArray();

        var featureTime = _time.GetElapsedTime(started);
        started = _time.GetTimestamp();

        // Every (L2, fold) training is independent: run them all side by side.
        var candidates = _options.L2Candidates;
        var outOfFold = candidates.Select(_ => new double[examples.Count]).ToArray();
        var jobs = candidates.Count * _options.Folds;
        Parallel.For(0, jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism), CancellationToken = cancellationToken }, job =>
        {
            var (candidate, fold) = (job / _options.Folds, job % _options.Folds);
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
        var crossValidation = Evaluate(outOfFold[best], examples);
        var threshold = _options.QualityFloor is { } floor
            ? RouterThresholds.ForQualityFloor(outOfFold[best], examples, floor)
            : RouterThresholds.ForStrongShare(outOfFold[best], examples, _options.TargetStrongShare);

        var info = new RouterModelInfo(_options.WeakModel, _options.StrongModel, examples.Count, l2Chosen, _options.Regression.Seed, threshold.StrongShare, crossValidation.Apgr, _options.TestShare);
        var model = new LearnedRouterModel(_options.Features, _options.Label, finalWeights, threshold.Threshold, threshold.Rule, info, Quantiles(outOfFold[best]));
        return new RouterTrainingResult(model, crossValidation, threshold, scores, featureTime, crossValidationTime, finalFitTime);
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

    private static SparseVector[] Extract(RouterFeatures features, string[] prompts, int maxParallelism, CancellationToken cancellationToken)
    {
        var vectors = new SparseVector[prompts.Length];
        Parallel.For(0, prompts.Length, Parallelism(maxParallelism, cancellationToken), i => vectors[i] = features.Extract(prompts[i]));
        return vectors;
    }

    private static ParallelOptions Parallelism(int maxParallelism, CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
        CancellationToken = cancellationToken,
    };
}
