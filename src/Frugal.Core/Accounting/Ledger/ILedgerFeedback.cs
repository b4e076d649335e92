namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// Feedback that reaches the ledger: a cached answer reported wrong no longer counts as a saving. The row stays
/// (it was answered and billed as it was); it is marked, and the cache savings it claimed are taken out of the
/// reports and the dashboard. Implemented by the ledger store, so the rollups move in the same transaction.
/// </summary>
public interface ILedgerFeedback
{
    /// <summary>
    /// Marks the request's row as answered wrong and voids its cache and semantic-cache savings. Returns the USD taken
    /// back (0 for a row that claimed none, such as the miss that stored the answer), or null when no row has that
    /// request id or the row already carries feedback.
    /// </summary>
    ValueTask<decimal?> VoidCacheSavingAsync(string requestId, CancellationToken cancellationToken);
}
