namespace Frugal.Tools.Routing;

/// <summary>A chosen threshold on P(weak is good enough) and what it did on the data it was chosen on.</summary>
/// <param name="Threshold">Route to the strong model when P(weak is good enough) is below this.</param>
/// <param name="StrongShare">Share of those prompts it sent to the strong model.</param>
/// <param name="Accuracy">Accuracy of the routed calls on those prompts.</param>
/// <param name="Rule">How it was chosen, e.g. <c>strong-share 0.3</c>.</param>
public sealed record ThresholdChoice(double Threshold, double StrongShare, double Accuracy, string Rule);
