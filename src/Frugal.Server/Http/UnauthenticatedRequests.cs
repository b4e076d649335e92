using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Http;

/// <summary>
/// Requests refused before anyone is known (no or wrong key; in no-auth mode a foreign Host, counted as "other") are
/// counted, not each written down: one client could otherwise fill the disk with ledger rows
/// (~12,700 rows/s, ~9.6 GB/h measured). Every one adds 1 to <c>frugal.requests.unauthenticated</c>
/// {reason}; the first <see cref="RowsPerMinute"/> of each UTC minute become ordinary ledger rows
/// (so a misconfigured client is still visible with its time and path), and the rest of that minute
/// becomes one summary row, written when the next refusal arrives in a later minute, whose
/// <c>tags</c> say <c>suppressed:N</c>. Sampling by count per minute (rather than one aggregate row
/// only) keeps the first refusals exact for debugging, and caps the rows at RowsPerMinute + 1 per minute.
/// </summary>
public sealed partial class UnauthenticatedRequests
{
    public const int RowsPerMinute = 10;
    public const string InstrumentName = "frugal.requests.unauthenticated";
    public const string SummaryErrorCode = "unauthenticated_suppressed";

    private readonly RequestLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger<UnauthenticatedRequests> _logger;
    private readonly FrugalMetrics _metrics;
    private readonly Lock _gate = new();
    private long _minute = long.MinValue;
    private int _written;
    private long _suppressed;
    private string _suppressedEndpoint = "chat";
    private GatewayError? _suppressedError;

    public UnauthenticatedRequests(RequestLedger ledger, FrugalMetrics metrics, TimeProvider time, ILogger<UnauthenticatedRequests> logger)
    {
        _ledger = ledger;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The reason label for a refused Authorization header (a fixed set, never the presented key).</summary>
    public static string ReasonFor(string? authorization, GatewayError error)
        => string.IsNullOrEmpty(authorization) ? UnauthenticatedReasons.MissingKey
            : !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? UnauthenticatedReasons.MalformedHeader
            : error.Message.Contains("revoked", StringComparison.Ordinal) ? UnauthenticatedReasons.Revoked
            : error.Message.Contains("expired", StringComparison.Ordinal) ? UnauthenticatedReasons.Expired
            : UnauthenticatedReasons.InvalidKey;

    /// <summary>Counts the refusal and writes its ledger row if this minute's sample still has room.</summary>
    public async ValueTask RecordAsync(string requestId, string endpoint, string reason, GatewayError error, long startTimestamp)
    {
        _metrics.CountUnauthenticated(reason); // one of UnauthenticatedReasons; anything else is counted as "other"
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        bool write;
        (long Count, string Endpoint, GatewayError Error, long Minute)? summary = null;
        lock (_gate)
        {
            if (minute != _minute)
            {
                if (_suppressed > 0)
                {
                    summary = (_suppressed, _suppressedEndpoint, _suppressedError!, _minute);
                }

                _minute = minute;
                _written = 0;
                _suppressed = 0;
            }

            write = _written < RowsPerMinute;
            if (write)
            {
                _written++;
            }
            else
            {
                _suppressed++;
                _suppressedEndpoint = endpoint;
                _suppressedError = error;
            }
        }

        if (summary is { } s)
        {
            LogSuppressed(_logger, s.Count, RowsPerMinute);
            await _ledger.RecordSuppressedAsync($"{requestId}-summary", s.Endpoint, s.Error, s.Count, DateTimeOffset.FromUnixTimeSeconds((s.Minute * 60) + 59));
        }

        if (write)
        {
            await _ledger.RecordRejectedAsync(requestId, endpoint, tenant: null, requestedModel: null, error, startTimestamp);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "{Count} unauthenticated requests in one minute were counted but not written to the ledger (the first {Written} were)")]
    private static partial void LogSuppressed(ILogger logger, long count, int written);
}
