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

    /// <summary>True when <see cref="Usage"/> was estimated because the upstream never reported it.</summary>
    public bool UsageEstimated { get; set; }

    /// <summary>When the first byte of the answer was available; 0 until then.</summary>
    public long FirstTokenTimestamp { get; set; }

    /// <summary>True when the client asked for a stream.</summary>
    public bool Streamed { get; set; }

    /// <summary>HTTP status the client got (or would have got, if it left first).</summary>
    public int StatusCode { get; set; }

    /// <summary>The error code the client got, if any (e.g. upstream_timeout, price_missing).</summary>
    public string? ErrorCode { get; set; }

    public CacheOutcome CacheOutcome { get; set; }

    /// <summary>What the call cost, once known; null when the model has no price (policy "flag").</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>True once the ledger has priced the call (even if the price was unknown).</summary>
    public bool Priced { get; set; }

    /// <summary>Amounts saved against what the request would have cost without Frugal, by reason.</summary>
    public Dictionary<SavingReason, decimal> Savings { get; } = [];

    /// <summary>Set by stages for calls billed through a provider batch (priced at the batch discount).</summary>
    public bool Batched { get; set; }

    /// <summary>The <c>x-frugal-route</c> value when a route answered: route, tier, reason (set by routing).</summary>
    public string? Route { get; set; }

    /// <summary>The ledger's endpoint when not the client's own ("evaluation" for shadow and judge calls).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The answer's text, kept only when bodies are stored for this key or model.</summary>
    public string? ResponseText { get; set; }

    /// <summary>
    /// True when a stage lowered the answering attempt's output cap below what the request would otherwise get (a budget
    /// nearly spent, a key's output cap): an answer cut there (finish_reason "length") is not cached.
    /// </summary>
    public bool OutputCapLowered { get; set; }

    public void AddSaving(SavingReason reason, decimal usd)
    {
        if (usd > 0)
        {
            Savings[reason] = Savings.GetValueOrDefault(reason) + usd;
        }
    }

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
