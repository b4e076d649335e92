namespace Frugal.Core.Routing.Classification;

/// <summary>The three model roles config names concrete models for (cheapest/fastest first).</summary>
public enum ModelRole
{
    Fast = 0,
    Balanced = 1,
    Powerful = 2,
}
