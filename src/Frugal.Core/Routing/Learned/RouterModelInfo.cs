namespace Frugal.Core.Routing.Learned;

/// <summary>What a <see cref="LearnedRouterModel"/> was trained on and what cross-validation expected of it.</summary>
/// <param name="WeakModel">Name of the weak model (the outcome column it was trained on).</param>
/// <param name="StrongModel">Name of the strong model.</param>
/// <param name="TrainingRows">Rows the final weights were fitted on.</param>
/// <param name="L2">The regularisation chosen by cross-validation.</param>
/// <param name="Seed">Seed of the shuffles (training is reproducible from data + seed).</param>
/// <param name="ExpectedStrongShare">Share of calls the threshold sent to the strong model in cross-validation.</param>
/// <param name="CrossValidatedApgr">APGR of the out-of-fold predictions on the training rows.</param>
/// <param name="TestShare">Share of the data set held out (by prompt hash) before training, so evaluation can use the same split.</param>
public sealed record RouterModelInfo(
    string WeakModel,
    string StrongModel,
    int TrainingRows,
    double L2,
    int Seed,
    double ExpectedStrongShare,
    double CrossValidatedApgr,
    double TestShare);
