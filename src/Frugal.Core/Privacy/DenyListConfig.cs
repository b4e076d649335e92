namespace Frugal.Core.Privacy;

/// <summary>A tenant's list of values that are always personal or secret (<c>privacy.denyLists[]</c>): code names, customers.</summary>
public sealed record DenyListConfig
{
    /// <summary>Entity name, also the placeholder tag.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<string> Values { get; init; } = [];
}
