using System.Globalization;
using Frugal.Core.Budgets.Config;
using Frugal.Core.Budgets.Storage;
using StackExchange.Redis;

namespace Frugal.Storage.Redis.Budgets;

/// <summary>
/// Budgets shared by several gateway processes: spend in hourly buckets (<c>budget:{id}:spent</c>, a hash),
/// open reservations (<c>budget:{id}:res</c>, each with an expiry so a crashed process's reservation
/// frees itself within <see cref="ReservationLifetime"/>), per-minute rate counters and alert claims —
/// reservations, settlements and rate checks each in one Lua script, so they are atomic across
/// processes. Redis holds the spend in this mode; the ledger of each process is its own record.
/// </summary>
public sealed class RedisBudgetStore(RedisConnector redis) : IBudgetStore
{
    /// <summary>A reservation not settled within this is dropped (its process died or lost Redis mid-call).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    public async ValueTask<ReservationOutcome> ReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[budgets.Count * 2];
        var args = new List<RedisValue>
        {
            budgets.Count, Nano(amountUsd), Nano(minimumUsd), now.ToUnixTimeMilliseconds(), reservationId, (now + ReservationLifetime).ToUnixTimeMilliseconds(),
        };
        for (var i = 0; i < budgets.Count; i++)
        {
            keys[2 * i] = SpentKey(budgets[i]);
            keys[(2 * i) + 1] = ReservedKey(budgets[i]);
            args.Add(Nano(budgets[i].LimitUsd));
            args.Add(budgets[i].Window.Start(now).ToUnixTimeMilliseconds());
        }

        var result = (RedisResult[])(await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Reserve, keys, [.. args])).ConfigureAwait(false))!;
        var first = (long)result[0];
        return first < 0 ? ReservationOutcome.Deny(budgets[(int)(long)result[1] - 1].Id) : ReservationOutcome.Grant(first / 1_000_000_000m);
    }

    public async ValueTask SettleAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[budgets.Count * 2];
        var args = new List<RedisValue> { reservationId, Nano(actualUsd), BudgetWindow.HourOf(now).ToUnixTimeMilliseconds() };
        for (var i = 0; i < budgets.Count; i++)
        {
            keys[2 * i] = SpentKey(budgets[i]);
            keys[(2 * i) + 1] = ReservedKey(budgets[i]);
            args.Add((long)SpendLifetime(budgets[i].Window).TotalMilliseconds);
        }

        await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Settle, keys, [.. args])).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BudgetUsage>> UsageAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reads = await RunAsync(async db =>
        {
            var batch = db.CreateBatch();
            var pending = budgets.Select(b => (Spent: batch.HashGetAllAsync(SpentKey(b)), Reserved: batch.HashGetAllAsync(ReservedKey(b)))).ToList();
            batch.Execute();
            var results = new List<(HashEntry[] Spent, HashEntry[] Reserved)>(pending.Count);
            foreach (var (spent, reserved) in pending)
            {
                results.Add((await spent.ConfigureAwait(false), await reserved.ConfigureAwait(false)));
            }

            return results;
        }).ConfigureAwait(false);

        var usages = new BudgetUsage[budgets.Count];
        var nowMs = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < budgets.Count; i++)
        {
            var budget = budgets[i];
            var first = budget.Window.Start(now).ToUnixTimeMilliseconds();
            long spent = 0;
            long? oldest = null;
            foreach (var bucket in reads[i].Spent)
            {
                var hour = (long)bucket.Name;
                if (hour >= first)
                {
                    spent += (long)bucket.Value;
                    oldest = oldest is null ? hour : Math.Min(oldest.Value, hour);
                }
            }

            long reserved = 0;
            foreach (var held in reads[i].Reserved)
            {
                var parts = ((string)held.Value!).Split(':');
                if (long.Parse(parts[1], CultureInfo.InvariantCulture) >= nowMs)
                {
                    reserved += long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }

            var oldestHour = oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            usages[i] = new BudgetUsage(budget, spent / 1_000_000_000m, reserved / 1_000_000_000m, budget.Window.ResetsAt(now, oldestHour));
        }

        return usages;
    }

    public async ValueTask<RateOutcome> ConsumeRateAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minute = RateWindow.MinuteOf(now);
        var keys = rules.Select(r => RateKey(r, minute)).ToArray();
        var args = new List<RedisValue> { tokens };
        foreach (var rule in rules)
        {
            args.Add(rule.RequestsPerMinute ?? -1);
            args.Add(rule.TokensPerMinute ?? -1);
        }

        var result = (RedisResult[])(await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Rate, keys, [.. args])).ConfigureAwait(false))!;
        var index = (int)(long)result[0];
        if (index == 0)
        {
            return RateOutcome.Admitted;
        }

        var exceeded = rules[index - 1];
        return (long)result[1] == 1
            ? new RateOutcome(exceeded.Id, "requests", exceeded.RequestsPerMinute ?? 0)
            : new RateOutcome(exceeded.Id, "tokens", exceeded.TokensPerMinute ?? 0);
    }

    public async ValueTask AddTokensAsync(IReadOnlyList<RateLimitRule> rules, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minute = RateWindow.MinuteOf(now);
        await RunAsync(async db =>
        {
            foreach (var rule in rules)
            {
                await db.HashIncrementAsync(RateKey(rule, minute), "t", tokens).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryMarkAlertAsync(BudgetDefinition budget, DateTimeOffset period, decimal threshold, CancellationToken cancellationToken)
    {
        var key = redis.Key(string.Create(CultureInfo.InvariantCulture, $"budget:{budget.Id}:alert:{period.ToUnixTimeMilliseconds()}:{threshold}"));
        return await RunAsync(db => db.StringSetAsync(key, "1", SpendLifetime(budget.Window), When.NotExists)).ConfigureAwait(false);
    }

    public async ValueTask ResetAsync(BudgetDefinition budget, DateTimeOffset at, CancellationToken cancellationToken)
        => await RunAsync(db => db.KeyDeleteAsync(SpentKey(budget))).ConfigureAwait(false);

    private RedisKey SpentKey(BudgetDefinition budget) => redis.Key($"budget:{budget.Id}:{budget.Window}:spent");

    private RedisKey ReservedKey(BudgetDefinition budget) => redis.Key($"budget:{budget.Id}:{budget.Window}:res");

    private RedisKey RateKey(RateLimitRule rule, long minute) => redis.Key(string.Create(CultureInfo.InvariantCulture, $"rate:{rule.Id}:{minute}"));

    /// <summary>Spend buckets outlive their window by a day (monthly: 32 days).</summary>
    private static TimeSpan SpendLifetime(BudgetWindow window) => window.Kind switch
    {
        BudgetWindowKind.Daily => TimeSpan.FromDays(2),
        BudgetWindowKind.Monthly => TimeSpan.FromDays(32),
        _ => TimeSpan.FromDays(window.Days + 1),
    };

    private static long Nano(decimal usd) => (long)decimal.Round(usd * 1_000_000_000m, MidpointRounding.ToPositiveInfinity);

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            var db = await redis.DatabaseAsync().ConfigureAwait(false);
            return await command(db).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException || (ex is RedisException && ex is not RedisServerException))
        {
            throw new BudgetStoreUnavailableException($"Redis at {redis.Config.Connection} is unreachable ({ex.GetType().Name})", ex);
        }
    }
}
