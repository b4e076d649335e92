
namespace Frugal.Core.Routing.Learned;

/// <summary>What the logistic regression is trained to predict from a labelled example (Frugal.Tools.Routing.RouterExample).</summary>
public enum RouterLabel
{
    /// <summary>
    /// Positive when the weak model was wrong and the strong model right (RouteLLM's
    /// "strong wins"). Ties — both right or both wrong — are negatives: routing them to the
    /// strong model costs money and buys nothing. The default.
    /// </summary>
    StrongNeeded = 0,

    /// <summary>Positive when the weak model was right, ignoring the strong model's outcome.</summary>
    WeakCorrect = 1,
}
