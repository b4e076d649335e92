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

    /// <summary>
    /// Hold each answer until its ledger entry is committed (group commit): a crash then loses no answered
    /// request, at the price of one commit's latency per request. Off by default (see README "The ledger").
    /// </summary>
    public bool CommitBeforeAnswer { get; init; }

    /// <summary>With <see cref="CommitBeforeAnswer"/>: the longest an answer waits for a failing store before it is sent anyway.</summary>
    public TimeSpan CommitWaitLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Store prompt and response bodies for every request (otherwise only for keys or models that opt in).</summary>
    public bool StoreBodies { get; init; }
}
