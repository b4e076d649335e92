using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Frugal.Core.Diagnostics;

namespace Frugal.Server.Telemetry;

/// <summary>
/// Every instrument of the gateway's meter (<see cref="FrugalMetrics.Meter"/>), in Prometheus text format, through
/// one <see cref="MeterListener"/>. Our own exporter rather than OpenTelemetry's Prometheus one because that package
/// is still a pre-release, and because ours exports exactly this host's meter: several gateways in one process
/// (the tests) each have a meter named "Frugal", and a name filter would mix their numbers. Instruments added later
/// (such as the budgets' utilisation gauge) appear without any change here.
/// <para>
/// Bounded as a last defence (the instruments already record only bounded tag values): an instrument holds at most
/// <see cref="MaxSeriesPerInstrument"/> label sets; a measurement with a new label set beyond that is added to the
/// instrument's overflow series (same label names, every value "other") and counted in
/// <c>frugal_metrics_series_overflow_total{instrument}</c>. Label values are escaped and stripped of control
/// characters (<see cref="PrometheusNames.Escape"/>).
/// </para>
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrapeGate = new();

    /// <summary>The series cap of one instrument unless the host gives another.</summary>
    public const int DefaultMaxSeriesPerInstrument = 10_000;

    public PrometheusExporter(FrugalMetrics metrics, int maxSeriesPerInstrument = DefaultMaxSeriesPerInstrument)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeriesPerInstrument, 1);
        MaxSeriesPerInstrument = maxSeriesPerInstrument;
        _meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                _instruments[instrument] = new InstrumentSeries(instrument, MaxSeriesPerInstrument);
                listener.EnableMeasurementEvents(instrument, _instruments[instrument]);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var removed);
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Label sets one instrument may hold before new ones go to its overflow series.</summary>
    public int MaxSeriesPerInstrument { get; }

    /// <summary>Observes the observable instruments (gauges read now), then renders everything.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            foreach (var series in _instruments.Values)
            {
                series.ResetIfObservable();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder(4096);
            var ordered = _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            foreach (var series in ordered)
            {
                series.WriteTo(text);
            }

            WriteOverflow(text, ordered);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>How many measurements each capped instrument folded into its overflow series (nothing when none did).</summary>
    private static void WriteOverflow(StringBuilder text, List<InstrumentSeries> instruments)
    {
        const string name = "frugal_metrics_series_overflow_total";
        var overflowed = instruments.Where(s => s.Overflowed > 0).ToList();
        if (overflowed.Count == 0)
        {
            return;
        }

        text.Append("# HELP ").Append(name).Append(" Measurements added to an instrument's \"other\" series because it already had the maximum number of label sets\n");
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var series in overflowed)
        {
            text.Append(name).Append("{instrument=\"");
            PrometheusNames.Escape(text, series.Name);
            text.Append("\"} ").Append(series.Overflowed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    /// <summary>One instrument: its Prometheus name and type, and a value (or histogram) per label set.</summary>
    private sealed class InstrumentSeries
    {
        private static readonly double[] DefaultBounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Point> _points = new(StringComparer.Ordinal);
        private readonly Lock _addGate = new();
        private readonly int _maxSeries;
        private readonly Kind _kind;
        private readonly double[] _bounds;
        private long _overflowed;

        public InstrumentSeries(Instrument instrument, int maxSeries)
        {
            _instrument = instrument;
            _maxSeries = maxSeries;
            var type = instrument.GetType();
            var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
            _kind = generic == typeof(Counter<>) ? Kind.Counter
                : generic == typeof(ObservableCounter<>) ? Kind.ObservableCounter
                : generic == typeof(Histogram<>) ? Kind.Histogram
                : generic == typeof(UpDownCounter<>) ? Kind.UpDownCounter
                : Kind.Gauge; // ObservableGauge, Gauge, ObservableUpDownCounter: the last value is the value
            _bounds = instrument switch
            {
                Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
                Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
                _ => DefaultBounds,
            };
            Name = PrometheusNames.Metric(instrument.Name, instrument.Unit, _kind == Kind.Counter || _kind == Kind.ObservableCounter);
        }

        public string Name { get; }

        /// <summary>Measurements that went to the overflow series since start.</summary>
        public long Overflowed => Interlocked.Read(ref _overflowed);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = PrometheusNames.Labels(tags);
            if (!_points.TryGetValue(labels, out var point))
            {
                point = AddSeries(labels, tags);
            }

            lock (point)
            {
                switch (_kind)
                {
                    case Kind.Counter or Kind.UpDownCounter:
                        point.Sum += value;
                        break;
                    case Kind.Histogram:
                        point.Sum += value;
                        point.Count++;
                        var bucket = Array.BinarySearch(_bounds, value);
                        point.Buckets[bucket >= 0 ? bucket : ~bucket]++;
                        break;
                    default:
                        point.Sum = value; // gauges and observable counters report their current value
                        break;
                }
            }
        }

        /// <summary>A new label set: its own series while the instrument is under the cap, else the overflow series.</summary>
        private Point AddSeries(string labels, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_addGate)
            {
                if (_points.TryGetValue(labels, out var existing))
                {
                    return existing;
                }

                if (_points.Count < _maxSeries)
                {
                    return _points.GetOrAdd(labels, new Point(_bounds.Length));
                }

                Interlocked.Increment(ref _overflowed);
                return _points.GetOrAdd(PrometheusNames.OtherLabels(tags), new Point(_bounds.Length));
            }
        }

        /// <summary>Observable series are re-read at every scrape: one that is no longer reported (a removed budget) disappears.</summary>
        public void ResetIfObservable()
        {
            if (_instrument.IsObservable)
            {
                _points.Clear();
            }
        }

        public void WriteTo(StringBuilder text)
        {
            if (_points.IsEmpty)
            {
                return;
            }

            var type = _kind switch
            {
                Kind.Counter or Kind.ObservableCounter => "counter",
                Kind.Histogram => "histogram",
                _ => "gauge",
            };
            if (_instrument.Description is { Length: > 0 } description)
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusNames.Help(description)).Append('\n');
            }

            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, point) in _points.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                lock (point)
                {
                    if (_kind == Kind.Histogram)
                    {
                        WriteHistogram(text, labels, point);
                    }
                    else
                    {
                        text.Append(Name).Append(Braced(labels)).Append(' ').Append(PrometheusNames.Number(point.Sum)).Append('\n');
                    }
                }
            }
        }

        private void WriteHistogram(StringBuilder text, string labels, Point point)
        {
            long cumulative = 0;
            var prefix = labels.Length == 0 ? string.Empty : labels + ",";
            for (var i = 0; i <= _bounds.Length; i++)
            {
                cumulative += point.Buckets[i];
                var le = i < _bounds.Length ? PrometheusNames.Number(_bounds[i]) : "+Inf";
                text.Append(Name).Append("_bucket{").Append(prefix).Append("le=\"").Append(le).Append("\"} ").Append(cumulative).Append('\n');
            }

            text.Append(Name).Append("_sum").Append(Braced(labels)).Append(' ').Append(PrometheusNames.Number(point.Sum)).Append('\n');
            text.Append(Name).Append("_count").Append(Braced(labels)).Append(' ').Append(point.Count).Append('\n');
        }

        private static string Braced(string labels) => labels.Length == 0 ? string.Empty : "{" + labels + "}";
    }

    private sealed class Point(int bounds)
    {
        public double Sum;
        public long Count;
        public readonly long[] Buckets = new long[bounds + 1];
    }

    private enum Kind
    {
        Counter,
        ObservableCounter,
        UpDownCounter,
        Histogram,
        Gauge,
    }
}
