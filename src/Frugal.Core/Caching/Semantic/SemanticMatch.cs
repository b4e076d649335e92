namespace Frugal.Core.Caching.Semantic;

/// <summary>A verified semantic hit: the entry, how similar its query was, and its answer.</summary>
public sealed record SemanticMatch(string EntryKey, float Similarity, CachedAnswer Answer);
