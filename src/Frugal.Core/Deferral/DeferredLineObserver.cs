using Frugal.Core.Batching;

namespace Frugal.Core.Deferral;

/// <summary>
/// Told by the batch coordinator when a line's outcome is durable: a line whose <c>custom_id</c> is a deferred call's
/// id finishes that call (only if it is still waiting for that batch), and its webhook becomes due.
/// </summary>
public sealed class DeferredLineObserver(IDeferredStore store, TimeProvider time, Action? finished) : IBatchLineObserver
{
    public ValueTask OnLineFinishedAsync(BatchLineOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.CustomId.StartsWith(DeferredIds.Prefix, StringComparison.Ordinal)
            && store.Finish(outcome.CustomId, outcome.BatchId, outcome.StatusCode, outcome.Body.ToArray(), outcome.CostUsd, time.GetUtcNow()))
        {
            finished?.Invoke();
        }

        return ValueTask.CompletedTask;
    }
}
