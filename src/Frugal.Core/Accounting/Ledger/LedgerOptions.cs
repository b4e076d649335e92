namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// How the ledger is written. The writer commits as soon as entries are queued, taking all that
/// queued up during the previous commit as one batch. So a crash (not a graceful stop, which
/// loses nothing) loses only entries not yet committed: those of requests that finished during
/// the last commit (milliseconds), or under sustained overload at most
/// <see cref="QueueCapacity"/> + <see cref="MaxBatchSize"/>.
/// </summary>
public sealed record LedgerOptions
{
    /// <summary>Most entries committed in one transaction.</summary>
    public int MaxBatchSize { get; init; } = 2000;

    /// <summary>Entries held in memory before requests wait for the store (backpressure, never loss).</summary>
    public int QueueCapacity { get; init; } = 100_000;

    /// <summary>Store prompt and response bodies for every request (otherwise only for keys or models that opt in).</summary>
    public bool StoreBodies { get; init; }
}
