using System.Diagnostics.Metrics;

namespace Frugal.Core.Diagnostics;

/// <summary>
/// The gateway's counters (System.Diagnostics.Metrics, meter "Frugal"), readable by any
/// metrics exporter and by tests through a MeterListener.
/// </summary>
public sealed class FrugalMetrics : IDisposable
{
    public const string MeterName = "Frugal";

    private readonly Meter _meter;

    public FrugalMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        PriceMissing = _meter.CreateCounter<long>("frugal.price_missing", description: "Requests served for a model with no price (recorded with unknown cost)");
        LedgerWritten = _meter.CreateCounter<long>("frugal.ledger.entries_written", description: "Ledger entries committed");
        LedgerQueueFull = _meter.CreateCounter<long>("frugal.ledger.queue_full", description: "Times a request had to wait because the ledger queue was full");
        LedgerWriteFailures = _meter.CreateCounter<long>("frugal.ledger.write_failures", description: "Failed ledger commits (retried, never dropped)");
    }

    /// <summary>The meter, for features that register their own instruments (every instrument on it is exported).</summary>
    public Meter Meter => _meter;

    public Counter<long> PriceMissing { get; }

    public Counter<long> LedgerWritten { get; }

    public Counter<long> LedgerQueueFull { get; }

    public Counter<long> LedgerWriteFailures { get; }

    public void RecordPriceMissing(string model)
    {
        PriceMissing.Add(1, new KeyValuePair<string, object?>("model", model));
    }

    public void Dispose() => _meter.Dispose();
}
