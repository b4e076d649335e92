namespace Frugal.Core.Batching;

/// <summary>
/// Told once per line when its final outcome is durable (written to the job store and the ledger), so
/// deferral can answer <c>/v1/deferred/{id}</c> and send its webhook. Registered through DI; the
/// coordinator calls every observer and logs, never rethrows, an observer's failure. After a restart,
/// lines finished before the crash are not announced again: observers that must not miss one keep
/// their own durable state and ask <see cref="IBatchJobs.FindLineAsync"/>.
/// </summary>
public interface IBatchLineObserver
{
    ValueTask OnLineFinishedAsync(BatchLineOutcome outcome, CancellationToken cancellationToken);
}
