namespace Frugal.Core.Routing.Classification;

/// <summary>
/// Maps a <see cref="ComplexityTier"/> to a model under a <see cref="ModelPriority"/>. Config names
/// the three roles; the table of which role serves which tier is fixed here so that every
/// deployment reads "cost/quality/speed" the same way:
/// <code>
///              Simple    Medium    Complex   Expert
///   cost       fast      fast      balanced  powerful
///   quality    balanced  powerful  powerful  powerful
///   speed      fast      fast      fast      balanced
/// </code>
/// </summary>
/// <param name="Fast">The cheapest, quickest model (e.g. a mini/flash/haiku class model).</param>
/// <param name="Balanced">The mid-priced general model.</param>
/// <param name="Powerful">The most capable (and most expensive) model.</param>
public sealed record TierModelMap(string Fast, string Balanced, string Powerful)
{
    /// <summary>The role that serves <paramref name="tier"/> under <paramref name="priority"/>.</summary>
    public static ModelRole RoleFor(ComplexityTier tier, ModelPriority priority) => (priority, tier) switch
    {
        (ModelPriority.Cost, ComplexityTier.Simple or ComplexityTier.Medium) => ModelRole.Fast,
        (ModelPriority.Cost, ComplexityTier.Complex) => ModelRole.Balanced,
        (ModelPriority.Cost, _) => ModelRole.Powerful,
        (ModelPriority.Quality, ComplexityTier.Simple) => ModelRole.Balanced,
        (ModelPriority.Quality, _) => ModelRole.Powerful,
        (ModelPriority.Speed, ComplexityTier.Expert) => ModelRole.Balanced,
        (ModelPriority.Speed, _) => ModelRole.Fast,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown model priority."),
    };

    /// <summary>Parses <c>cost</c>, <c>quality</c> or <c>speed</c> (any case), as config and headers spell them.</summary>
    public static bool TryParsePriority(string? text, out ModelPriority priority)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "cost":
                priority = ModelPriority.Cost;
                return true;
            case "quality":
                priority = ModelPriority.Quality;
                return true;
            case "speed":
                priority = ModelPriority.Speed;
                return true;
            default:
                priority = ModelPriority.Cost;
                return false;
        }
    }

    /// <summary>The configured model name for a role.</summary>
    public string ModelFor(ModelRole role) => role switch
    {
        ModelRole.Fast => Fast,
        ModelRole.Balanced => Balanced,
        ModelRole.Powerful => Powerful,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown model role."),
    };

    /// <summary>The configured model that serves <paramref name="tier"/> under <paramref name="priority"/>.</summary>
    public string ModelFor(ComplexityTier tier, ModelPriority priority) => ModelFor(RoleFor(tier, priority));
}
