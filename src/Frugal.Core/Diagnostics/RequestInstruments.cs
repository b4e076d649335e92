using System.Diagnostics;
using System.Diagnostics.Metrics;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Accounting.Reports;

namespace Frugal.Core.Diagnostics;

/// <summary>
/// Request-level instruments on the gateway's meter, fed from each finished ledger entry: the entry is the one
/// place where model, provider, key, team, tokens, cost, savings and cache outcome of a request are all known.
/// Every tag is bounded: the model through <see cref="MetricModelNames"/> (client text outside the configuration and
/// the price catalog is "other"), the provider from the configuration, key and team from the key store (created by
/// an admin; "unauthenticated" and "anonymous" are fixed), status and reason from code.
/// </summary>
public sealed class RequestInstruments
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<double> _saved;
    private readonly Counter<long> _cache;
    private readonly Counter<long> _upstreamErrors;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstToken;

    private readonly FrugalMetrics _metrics;

    public RequestInstruments(FrugalMetrics metrics)
    {
        _metrics = metrics;
        var meter = metrics.Meter;
        IReadOnlyList<double> latencyBounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];
        _requests = meter.CreateCounter<long>("frugal.requests", description: "Client requests, by model, provider, key, team and HTTP status");
        _tokens = meter.CreateCounter<long>("frugal.tokens", "{token}", "Tokens billed, by model, provider, key, team and direction (input/output)");
        _cost = meter.CreateCounter<double>("frugal.cost", "USD", "Spend in US dollars, by model, provider, key and team (unpriced requests add nothing)");
        _saved = meter.CreateCounter<double>("frugal.saved", "USD", "Savings in US dollars, by model, key, team and reason");
        _cache = meter.CreateCounter<long>("frugal.request.cache_outcome", description: "Client requests by cache outcome (hit, semantic-hit, miss, bypass; none when no cache ran)");
        _upstreamErrors = meter.CreateCounter<long>("frugal.upstream.errors", description: "Requests that ended in an upstream failure (429 or 5xx, including timeouts), by provider, model and status");
        _duration = meter.CreateHistogram("frugal.request.duration", "ms", "Request latency as the client saw it", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = latencyBounds });
        _timeToFirstToken = meter.CreateHistogram("frugal.request.time_to_first_token", "ms", "Time to the first streamed chunk", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = latencyBounds });
    }

    public void Record(LedgerEntry entry)
    {
        var model = _metrics.ModelLabel(entry.Model ?? entry.RequestedModel);
        var provider = entry.Provider ?? "(none)";
        var team = entry.Team ?? string.Empty;
        var who = new TagList { { "model", model }, { "provider", provider }, { "key", entry.KeyId }, { "team", team } };

        var withStatus = who;
        withStatus.Add("status", StatusText(entry.StatusCode));
        _requests.Add(1, withStatus);

        if (entry.Usage.InputTokens > 0)
        {
            var input = who;
            input.Add("direction", "input");
            _tokens.Add(entry.Usage.InputTokens, input);
        }

        if (entry.Usage.OutputTokens > 0)
        {
            var output = who;
            output.Add("direction", "output");
            _tokens.Add(entry.Usage.OutputTokens, output);
        }

        if (entry.CostUsd is { } cost && cost != 0)
        {
            _cost.Add((double)cost, who);
        }

        foreach (var (reason, usd) in entry.Savings)
        {
            if (usd != 0)
            {
                _saved.Add((double)usd, new TagList { { "model", model }, { "key", entry.KeyId }, { "team", team }, { "reason", ReportFormatter.ReasonName(reason) } });
            }
        }

        _cache.Add(1, new KeyValuePair<string, object?>("outcome", CacheOutcomeNames.Of(entry.CacheOutcome)));
        if (entry.StatusCode is 429 or >= 500)
        {
            _upstreamErrors.Add(1, new TagList { { "provider", provider }, { "model", model }, { "status", StatusText(entry.StatusCode) } });
        }

        var where = new TagList { { "model", model }, { "provider", provider } };
        _duration.Record(entry.LatencyMs, where);
        if (entry.TimeToFirstTokenMs is { } ttft)
        {
            _timeToFirstToken.Record(ttft, where);
        }
    }

    // Status codes are few: cache their text instead of formatting per request.
    private static readonly string[] StatusTexts = [.. Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string StatusText(int status) => (uint)status < StatusTexts.Length ? StatusTexts[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
