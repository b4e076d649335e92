namespace Frugal.Core.Caching;

/// <summary>
/// One in-flight miss that identical requests wait for. Its outcome is set exactly once: the
/// answer, or the leader's error, or "go ahead yourself" (the leader was served by the semantic
/// cache, which each waiter can ask just as cheaply).
/// </summary>
public sealed class CacheFlight(string key)
{
    /// <summary>The cache key the flight is for.</summary>
    public string Key { get; } = key;

    private readonly TaskCompletionSource<CacheFlightOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<CacheFlightOutcome> Outcome => _outcome.Task;

    internal bool TrySet(CacheFlightOutcome outcome) => _outcome.TrySetResult(outcome);
}
