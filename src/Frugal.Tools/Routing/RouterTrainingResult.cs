using Frugal.Core.Routing.Learned;

namespace Frugal.Tools.Routing;

/// <summary>A trained router and what cross-validation on its training rows said about it.</summary>
/// <param name="Model">The router, fitted on every training row, with its threshold.</param>
/// <param name="CrossValidation">The curve of the out-of-fold predictions for the chosen L2.</param>
/// <param name="Threshold">The threshold choice on those predictions.</param>
/// <param name="L2Apgr">Out-of-fold APGR per L2 candidate, in the order tried.</param>
/// <param name="FeatureTime">Time to extract the features of every training row.</param>
/// <param name="CrossValidationTime">Time of all cross-validation fits (run in parallel).</param>
/// <param name="FinalFitTime">Time of the one fit on all training rows: what training the model itself costs.</param>
/// <param name="HeldOutApgr">Mean APGR of the fitted weights over the held-out folds (or groups).</param>
/// <param name="HeldOutLengthApgr">Mean APGR of the prompt-length rule over the same held-out rows.</param>
public sealed record RouterTrainingResult(
    LearnedRouterModel Model,
    RouterEvaluation CrossValidation,
    ThresholdChoice Threshold,
    IReadOnlyList<(double L2, double Apgr)> L2Apgr,
    TimeSpan FeatureTime,
    TimeSpan CrossValidationTime,
    TimeSpan FinalFitTime,
    double HeldOutApgr,
    double HeldOutLengthApgr);
