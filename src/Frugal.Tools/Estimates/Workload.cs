namespace Frugal.Tools.Estimates;

/// <summary>
/// A planned workload: requests per day of a typical size. <see cref="CachedShare"/> is the share
/// of input tokens the provider's prompt cache serves; <see cref="BatchShare"/> the share of
/// requests sent through a batch API.
/// </summary>
public sealed record Workload(long RequestsPerDay, long InputTokens, long OutputTokens, decimal CachedShare, decimal BatchShare);
