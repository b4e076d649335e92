namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Which rule a <see cref="LearnedRouterModel"/> scores prompts with. Training decides it on
/// held-out data and stores it in the file: where the fitted weights did not beat routing by
/// prompt length, the route uses the length rule (<see cref="PromptLengthRule"/>) instead.
/// </summary>
public enum RouterRule
{
    /// <summary>The logistic regression over <see cref="RouterFeatures"/>.</summary>
    Learned,

    /// <summary>The longer the prompt, the more it wants the strong model.</summary>
    PromptLength,
}
