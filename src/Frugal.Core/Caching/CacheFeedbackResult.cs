namespace Frugal.Core.Caching;

/// <summary>What feedback on one request did: which entries it evicted and how many semantic neighbours it tightened.</summary>
public sealed record CacheFeedbackResult(bool ExactEvicted, bool SemanticEvicted, int NeighboursTightened);
