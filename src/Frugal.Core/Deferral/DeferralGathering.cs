namespace Frugal.Core.Deferral;

/// <summary>When a group of waiting calls is handed to the batch jobs: this many calls, or the oldest this old.</summary>
public sealed record DeferralGathering(int MaxBatchSize, TimeSpan MaxAge);
