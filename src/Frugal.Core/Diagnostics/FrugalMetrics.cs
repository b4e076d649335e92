using System.Diagnostics.Metrics;

namespace Frugal.Core.Diagnostics;

/// <summary>
/// The gateway's counters (System.Diagnostics.Metrics, meter "Frugal"), readable by any
/// metrics exporter and by tests through a MeterListener.
/// </summary>
/// <remarks>
/// Every tag value recorded on this meter must come from a bounded set: a model name goes through
/// <see cref="MetricModelNames"/>, an unauthentication reason through <see cref="UnauthenticatedReasons"/>; keys,
/// teams and budgets are created by an admin. The Prometheus exporter caps series per instrument as a last defence.
/// </remarks>
public sealed class FrugalMetrics : IDisposable
{
    public const string MeterName = "Frugal";

    private readonly Meter _meter;
    private readonly MetricModelNames? _modelNames;

    /// <param name="factory">The host's meter factory (null: a meter of our own).</param>
    /// <param name="modelNames">The model vocabulary; null (unit tests without a config) records model tags unchanged.</param>
    public FrugalMetrics(IMeterFactory? factory = null, MetricModelNames? modelNames = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _modelNames = modelNames;
        PriceMissing = _meter.CreateCounter<long>("frugal.price_missing", description: "Requests served for a model with no price (recorded with unknown cost); model names outside the gateway's configuration and price catalog are counted as \"other\"");
        LedgerWritten = _meter.CreateCounter<long>("frugal.ledger.entries_written", description: "Ledger entries committed");
        LedgerQueueFull = _meter.CreateCounter<long>("frugal.ledger.queue_full", description: "Times a request had to wait because the ledger queue was full");
        LedgerWriteFailures = _meter.CreateCounter<long>("frugal.ledger.write_failures", description: "Failed ledger commits (retried, never dropped)");
        Unauthenticated = _meter.CreateCounter<long>("frugal.requests.unauthenticated", description: "Requests refused for want of a valid virtual key, by reason (missing_key, malformed_header, invalid_key, revoked, other)");
    }

    /// <summary>The meter, for features that register their own instruments (every instrument on it is exported).</summary>
    public Meter Meter => _meter;

    public Counter<long> PriceMissing { get; }

    public Counter<long> LedgerWritten { get; }

    public Counter<long> LedgerQueueFull { get; }

    public Counter<long> LedgerWriteFailures { get; }

    /// <summary><c>frugal.requests.unauthenticated{reason}</c>; record through <see cref="CountUnauthenticated"/>.</summary>
    public Counter<long> Unauthenticated { get; }

    /// <summary>The label a model name is recorded under (see <see cref="MetricModelNames"/>).</summary>
    public string ModelLabel(string? model) => _modelNames?.Label(model) ?? model ?? MetricModelNames.None;

    public void RecordPriceMissing(string model)
    {
        PriceMissing.Add(1, new KeyValuePair<string, object?>("model", ModelLabel(model)));
    }

    /// <summary>
    /// Counts one request refused before authentication succeeded. <paramref name="reason"/> should be one of
    /// <see cref="UnauthenticatedReasons"/>; anything else is counted as <see cref="UnauthenticatedReasons.Other"/>,
    /// so the presented key (or any client text) can never become a label.
    /// </summary>
    public void CountUnauthenticated(string reason)
    {
        Unauthenticated.Add(1, new KeyValuePair<string, object?>("reason", UnauthenticatedReasons.Normalise(reason)));
    }

    public void Dispose() => _meter.Dispose();
}
