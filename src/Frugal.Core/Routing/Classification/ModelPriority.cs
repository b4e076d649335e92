namespace Frugal.Core.Routing.Classification;

/// <summary>What a tenant optimises when <c>model: "auto"</c> picks a model for a tier.</summary>
public enum ModelPriority
{
    Cost = 0,
    Quality = 1,
    Speed = 2,
}
