using Frugal.Core.Budgets.Config;

namespace Frugal.Core.Budgets.Storage;

/// <summary>Request and token counts of the current UTC minute per rule, in memory; thread-safe.</summary>
public sealed class MemoryRateCounters
{
    private readonly Dictionary<string, (long Minute, long Requests, long Tokens)> _counts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public RateOutcome TryConsume(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now)
    {
        var minute = RateWindow.MinuteOf(now);
        lock (_gate)
        {
            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                if (rule.RequestsPerMinute is { } rpm && requests + 1 > rpm)
                {
                    return new RateOutcome(rule.Id, "requests", rpm);
                }

                if (rule.TokensPerMinute is { } tpm && used + tokens > tpm)
                {
                    return new RateOutcome(rule.Id, "tokens", tpm);
                }
            }

            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                _counts[rule.Id] = (minute, requests + 1, used + tokens);
            }

            return RateOutcome.Admitted;
        }
    }

    public void AddTokens(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now)
    {
        var minute = RateWindow.MinuteOf(now);
        lock (_gate)
        {
            foreach (var rule in rules)
            {
                var (requests, used) = Current(rule.Id, minute);
                _counts[rule.Id] = (minute, requests, used + tokens);
            }
        }
    }

    private (long Requests, long Tokens) Current(string id, long minute)
        => _counts.TryGetValue(id, out var count) && count.Minute == minute ? (count.Requests, count.Tokens) : (0, 0);
}
