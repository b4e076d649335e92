namespace Frugal.Core.Caching.Semantic.Index;

/// <summary>One search result: the stored id and its cosine similarity with the query (dot product of unit vectors).</summary>
public readonly record struct VectorMatch(long Id, float Score);
