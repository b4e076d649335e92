namespace Frugal.Core.Caching;

/// <summary>A request's tie to a semantic entry: the entry, the query text, and how similar they were (1 when the request wrote the entry).</summary>
public sealed record SemanticLink(string EntryKey, string ContextKey, string QueryText, float Similarity, bool WasHit);
