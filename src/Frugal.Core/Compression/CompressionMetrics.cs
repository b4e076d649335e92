using System.Diagnostics.Metrics;
using Frugal.Core.Diagnostics;

namespace Frugal.Core.Compression;

/// <summary>
/// Instruments on the host's <see cref="FrugalMetrics.Meter"/>: requests by outcome, input tokens removed, and
/// technique failures by technique (tags from fixed sets only; the text is never logged or tagged).
/// </summary>
public sealed class CompressionMetrics
{
    private readonly Counter<long> _requests;
    private readonly Counter<long> _tokensRemoved;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _summaries;

    public CompressionMetrics(FrugalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _requests = metrics.Meter.CreateCounter<long>("frugal.compression.requests", description: "Chat requests the compression stage handled, by outcome (compressed, unchanged, off, small)");
        _tokensRemoved = metrics.Meter.CreateCounter<long>("frugal.compression.tokens_removed", description: "Prompt tokens (o200k) removed by compression");
        _summaries = metrics.Meter.CreateCounter<long>("frugal.compression.summaries", description: "Summaries of dropped history turns, by outcome (written, cached, failed: dropped without one)");
        _failures = metrics.Meter.CreateCounter<long>("frugal.compression.failures", description: "Times a technique failed on a message, which then went upstream unchanged, by technique");
    }

    public void Record(string outcome, int tokensRemoved)
    {
        _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (tokensRemoved > 0)
        {
            _tokensRemoved.Add(tokensRemoved);
        }
    }

    public void RecordSummary(string outcome) => _summaries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RecordFailure(CompressionTechniques technique) => _failures.Add(1, new KeyValuePair<string, object?>("technique", Name(technique)));

    public static string Name(CompressionTechniques technique) => technique switch
    {
        CompressionTechniques.Lossless => "lossless",
        CompressionTechniques.Select => "select",
        CompressionTechniques.History => "history",
        _ => "other",
    };
}
