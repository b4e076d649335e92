using Frugal.Core.Accounting;

namespace Frugal.Core.Pipeline;

/// <summary>
/// What happened to one client request, filled in by the stages as it passes: where it was
/// sent, each upstream attempt, the tokens used and the response headers to add. The
/// ledger writes exactly one entry from it.
/// </summary>
public sealed class CallRecord(long startTimestamp)
{
    private readonly List<AttemptRecord> _attempts = [];
    private readonly object _gate = new();

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the request arrived.</summary>
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>The provider of the last attempt (the one that answered, if any did).</summary>
    public string? Provider { get; set; }

    /// <summary>The upstream model name actually called.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>The gateway-side model name that was routed to (e.g. "gpt-4o-mini").</summary>
    public string? ResolvedModel { get; set; }

    public TokenUsage Usage { get; set; }

    /// <summary>When the first byte of the answer was available; 0 until then.</summary>
    public long FirstTokenTimestamp { get; set; }

    public IReadOnlyList<AttemptRecord> Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.ToArray();
            }
        }
    }

    public int AttemptCount
    {
        get
        {
            lock (_gate)
            {
                return _attempts.Count;
            }
        }
    }

    public void AddAttempt(AttemptRecord attempt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
        }
    }
}
