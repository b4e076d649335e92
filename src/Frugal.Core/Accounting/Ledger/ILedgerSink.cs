namespace Frugal.Core.Accounting.Ledger;

/// <summary>Where finished entries go: the bounded queue in front of the store.</summary>
public interface ILedgerSink
{
    /// <summary>Completes at once unless the queue is full (sustained overload of the store), in which case it waits: entries are never dropped.</summary>
    ValueTask EnqueueAsync(LedgerEntry entry);
}
