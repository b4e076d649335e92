using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// Request and token counts of the current UTC minute per rule, in memory; thread-safe.
/// Bound: one entry per rule id (rules come from the config or from the admin's per-key limits, not from clients), and entries of
/// minutes that have passed are dropped when a new minute is first counted. Counts saturate at long.MaxValue.
/// </summary>
public sealed class MemoryRateCounters
{
    private readonly Dictionary<string, (long Minute, long Requests, long Tokens)> _counts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _prunedAt = long.MinValue;

    /// <summary>Rules with a count (tests check the bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _counts.Count;
            }
        }
    }

    public RateOutcome TryConsume(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now)
    {
        var minute = RateWindow.MinuteOf(now);
        tokens = Math.Max(0, tokens);
        lock (_gate)
        {
            PruneBefore(minute);
            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                if (rule.RequestsPerMinute is { } rpm && requests >= rpm)
                {
                    return new RateOutcome(rule.Id, "requests", rpm);
                }

                if (rule.TokensPerMinute is { } tpm && SaturatingAdd(used, tokens) > tpm)
                {
                    return new RateOutcome(rule.Id, "tokens", tpm);
                }
            }

            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                _counts[rule.Id] = (minute, SaturatingAdd(requests, 1), SaturatingAdd(used, tokens));
            }

            return RateOutcome.Admitted;
        }
    }

    public void AddTokens(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now)
    {
        var minute = RateWindow.MinuteOf(now);
        tokens = Math.Max(0, tokens);
        lock (_gate)
        {
            PruneBefore(minute);
            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                _counts[rule.Id] = (minute, requests, SaturatingAdd(used, tokens));
            }
        }
    }

    /// <summary>Both operands are ≥ 0: the sum, or long.MaxValue where it would overflow.</summary>
    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private void PruneBefore(long minute)
    {
        if (minute <= _prunedAt)
        {
            return;
        }

        _prunedAt = minute;
        List<string>? stale = null;
        foreach (var (id, count) in _counts)
        {
            if (count.Minute < minute)
            {
                (stale ??= []).Add(id);
            }
        }

        foreach (var id in stale ?? [])
        {
            _counts.Remove(id);
        }
    }

    private (long Requests, long Tokens) Current(string id, long minute)
        => _counts.TryGetValue(id, out var count) && count.Minute == minute ? (count.Requests, count.Tokens) : (0, 0);
}
