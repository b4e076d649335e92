using Frugal.Core.Diagnostics;

namespace Frugal.Core.Accounting.Ledger;

/// <summary>Counts each entry in the request metrics on its way into the ledger queue (one entry = one client request).</summary>
public sealed class MeteredLedgerSink(ILedgerSink inner, RequestInstruments instruments) : ILedgerSink
{
    public ValueTask EnqueueAsync(LedgerEntry entry)
    {
        instruments.Record(entry);
        return inner.EnqueueAsync(entry);
    }
}
