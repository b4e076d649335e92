namespace Frugal.Core.Privacy;

/// <summary>A tenant's own entity type found by a regex (<c>privacy.patterns[]</c>).</summary>
public sealed record CustomPatternConfig
{
    /// <summary>Entity name, also the placeholder tag (upper-case letters, digits, underscores).</summary>
    public required string Name { get; init; }

    public required string Pattern { get; init; }

    public double Score { get; init; } = 0.8;

    public IReadOnlyList<string> Context { get; init; } = [];
}
