namespace Frugal.Core.Accounting.Ledger;

/// <summary>Durable storage of ledger entries (SQLite in the data directory by default).</summary>
public interface ILedgerStore
{
    /// <summary>Writes the entries in one transaction: all of them or none.</summary>
    Task WriteBatchAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);
}
