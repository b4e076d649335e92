namespace Frugal.Core.Caching;

/// <summary>One classified request field: its role in the cache key, its default (normalised away), and why.</summary>
public sealed record CacheKeyField(CacheKeyRole Role, string Why, string? DefaultJson = null);
