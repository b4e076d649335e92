namespace Frugal.Core.Routing.Classification;

/// <summary>The classifier's answer: the tier, a sentence naming the signals that decided it, and the raw score.</summary>
/// <param name="Tier">The tier the score falls into under the configured thresholds.</param>
/// <param name="Reason">Human-readable signals, e.g. <c>keywords: design, 分析; code block; 2.1k tokens</c>.</param>
/// <param name="Score">The sum of the signal weights; comparable only under the same <see cref="ComplexityRules"/>.</param>
public sealed record ComplexityVerdict(ComplexityTier Tier, string Reason, double Score);
