namespace Frugal.Core.Caching;

/// <summary>
/// An override for one virtual key (<c>cache.keys</c>, by key name or id) or one requested model
/// (<c>cache.models</c>). Unset fields keep the section's value; a model rule applies on top of a key rule.
/// </summary>
public sealed record CacheRule
{
    public bool? Enabled { get; init; }

    public TimeSpan? Ttl { get; init; }

    public double? MaxTemperature { get; init; }

    /// <summary>Keys only: an explicit shared namespace; keys naming the same one share entries.</summary>
    public string? Namespace { get; init; }
}
