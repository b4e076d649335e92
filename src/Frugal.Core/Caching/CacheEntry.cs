namespace Frugal.Core.Caching;

/// <summary>One stored answer: the cache stage's serialised payload and when it stops being served.</summary>
public sealed record CacheEntry(ReadOnlyMemory<byte> Payload, DateTimeOffset ExpiresAt);
