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
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrapeGate = new();

    public PrometheusExporter(FrugalMetrics metrics)
    {
        _meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                _instruments[instrument] = new InstrumentSeries(instrument);
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
            foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                series.WriteTo(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument: its Prometheus name and type, and a value (or histogram) per label set.</summary>
    private sealed class InstrumentSeries
    {
        private static readonly double[] DefaultBounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Point> _points = new(StringComparer.Ordinal);
        private readonly Kind _kind;
        private readonly double[] _bounds;

        public InstrumentSeries(Instrument instrument)
        {
            _instrument = instrument;
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

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var point = _points.GetOrAdd(PrometheusNames.Labels(tags), _ => new Point(_bounds.Length));
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
