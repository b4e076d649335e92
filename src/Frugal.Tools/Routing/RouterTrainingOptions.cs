using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>Everything <see cref="RouterTrainer"/> needs besides the data.</summary>
public sealed record RouterTrainingOptions
{
    public RouterLabel Label { get; init; } = RouterLabel.StrongNeeded;

    public RouterFeatureOptions Features { get; init; } = new();

    /// <summary>Optimiser settings; its <see cref="LogisticRegressionOptions.L2"/> is replaced by the best of <see cref="L2Candidates"/>.</summary>
    public LogisticRegressionOptions Regression { get; init; } = new();

    /// <summary>
    /// Regularisation strengths tried by cross-validation (the best out-of-fold APGR wins; a tie
    /// goes to the stronger one). One value by default: 1e-4 was the best of 3e-5…1e-3 in a
    /// validation split of the MMLU training rows, and each candidate costs <see cref="Folds"/> fits.
    /// </summary>
    public IReadOnlyList<double> L2Candidates { get; init; } = [1e-4];

    /// <summary>Cross-validation folds on the training rows, for choosing L2 and the threshold.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Share of calls the threshold should send to the strong model; ignored when <see cref="QualityFloor"/> is set.</summary>
    public double TargetStrongShare { get; init; } = 0.3;

    /// <summary>When set, the threshold is the cheapest one reaching this fraction of the strong model's accuracy (e.g. 0.95).</summary>
    public double? QualityFloor { get; init; }

    /// <summary>Recorded in the model: the share of the data set held out before training (see <see cref="RouterDataSplit"/>).</summary>
    public double TestShare { get; init; }

    /// <summary>
    /// Fall back to the prompt-length rule when the fitted weights do not beat it on held-out data
    /// (the mean APGR over the cross-validation folds' held-out rows, or over held-out groups when
    /// training is given groups); the choice and its evidence are stored in the model file.
    /// </summary>
    public bool LengthFallback { get; init; } = true;

    public string WeakModel { get; init; } = "weak";

    public string StrongModel { get; init; } = "strong";

    /// <summary>Worker threads for feature extraction and the independent fold trainings; results do not depend on it.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
