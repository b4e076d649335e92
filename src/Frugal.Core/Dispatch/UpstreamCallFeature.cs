using System.Globalization;
using System.Text;
using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Ledger;

namespace Frugal.Core.Dispatch;

/// <summary>
/// The upstream side of a request: every attempt dispatch made (across routing's failover targets), the provider and
/// model of the last one, the usage the upstream reported and when the first byte came. Set by
/// <see cref="DispatchHandler"/>; a stage that saw output the upstream never reported usage for (a stream cut off by a
/// budget, or left by the client) fills in an estimate with <see cref="EstimateUsage"/>. Read by routing (the routing
/// saving), budget settlement, the caches (what a stored answer cost), the response headers and the ledger entry.
/// </summary>
public sealed class UpstreamCallFeature : ILedgerContribution
{
    private readonly List<AttemptRecord> _attempts = [];

    /// <summary>The provider of the last attempt (the one that answered, if any did).</summary>
    public string? Provider { get; set; }

    /// <summary>The upstream model name actually called.</summary>
    public string? UpstreamModel { get; set; }

    public TokenUsage Usage { get; private set; }

    /// <summary>True when <see cref="Usage"/> was estimated because the upstream never reported it.</summary>
    public bool UsageEstimated { get; private set; }

    /// <summary>When the first byte of the answer was available; 0 until then.</summary>
    public long FirstTokenTimestamp { get; set; }

    /// <summary>Billed through a provider batch (priced at the batch discount).</summary>
    public bool Batched { get; set; }

    public int AttemptCount
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.Count;
            }
        }
    }

    public IReadOnlyList<AttemptRecord> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.ToArray();
            }
        }
    }

    /// <summary>Usage the upstream reported (replaces any earlier figure, e.g. a failed attempt's billed usage).</summary>
    public void ReportUsage(TokenUsage usage)
    {
        Usage = usage;
        UsageEstimated = false;
    }

    /// <summary>A stand-in for usage the upstream never reported; ignored once there is a reported (or earlier estimated) figure.</summary>
    public bool EstimateUsage(TokenUsage estimate)
    {
        if (!Usage.IsEmpty)
        {
            return false;
        }

        Usage = estimate;
        UsageEstimated = true;
        return true;
    }

    public void AddAttempt(AttemptRecord attempt)
    {
        lock (_attempts)
        {
            _attempts.Add(attempt);
        }
    }

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Provider = Provider;
        entry.UpstreamModel = UpstreamModel;
        entry.Usage = Usage;
        entry.UsageEstimated = UsageEstimated;
        if (FirstTokenTimestamp != 0)
        {
            entry.FirstTokenTimestamp = FirstTokenTimestamp;
        }

        entry.Batched = Batched;
        lock (_attempts)
        {
            entry.Attempts = _attempts.Count;
            entry.AttemptLog = AttemptLog();
        }
    }

    private string? AttemptLog()
    {
        if (_attempts.Count == 0)
        {
            return null;
        }

        var log = new StringBuilder();
        foreach (var attempt in _attempts)
        {
            if (log.Length > 0)
            {
                log.Append(' ');
            }

            log.Append(CultureInfo.InvariantCulture, $"{attempt.Provider}/{attempt.UpstreamModel}:{attempt.StatusCode}:{attempt.Duration.TotalMilliseconds:0.#}ms");
        }

        return log.ToString();
    }
}
