namespace Frugal.Core.Routing.Classification;

/// <summary>How hard a request looks, from cheapest to most demanding. The order matters: tiers compare.</summary>
public enum ComplexityTier
{
    Simple = 0,
    Medium = 1,
    Complex = 2,
    Expert = 3,
}
