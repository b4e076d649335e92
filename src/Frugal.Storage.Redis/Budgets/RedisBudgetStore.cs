using System.Collections.Concurrent;
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
/// <para>
/// A Redis that restarts empty (no persistence, a failover to an empty replica, eviction) would forget the spend.
/// So the store keeps an epoch key (<c>budget:epoch</c> = "id:start ms"): every reservation names the epoch its process
/// has seeded, and a missing or different epoch makes the process re-seed before it reserves — the epoch is opened again
/// (starting now), and each process adds its own ledger's spend of the window from before the epoch start, once per
/// (epoch, ledger, budget) thanks to a marker key (see <see cref="BudgetScripts.Seed"/>). The refresher checks the epoch
/// every <c>budgets.refreshSeconds</c>, so an idle process adds its share within that time too. If its ledger cannot be
/// read the store counts as unavailable (<c>onStoreUnavailable</c> decides: closed refuses while unsure).
/// </para>
/// </summary>
public sealed class RedisBudgetStore(RedisConnector redis, IBudgetSpendHistory? history = null) : IBudgetStore, IDisposable
{
    /// <summary>A reservation not settled within this is dropped (its process died or lost Redis mid-call).</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _seedGate = new(1, 1);

    // "epoch|spent key" of every budget this process has seeded in the current epoch (cleared when the epoch changes,
    // so it holds at most one entry per budget in force).
    private readonly ConcurrentDictionary<string, byte> _seeded = new(StringComparer.Ordinal);
    private string? _epoch; // "id:start ms" of the epoch this process seeded; null = look again

    public async ValueTask<ReservationOutcome> ReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var epoch = await EnsureSeededAsync(budgets, now, cancellationToken).ConfigureAwait(false);
            var outcome = await TryReserveAsync(budgets, reservationId, amountUsd, minimumUsd, now, epoch).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            Forget(epoch);
            if (attempt == 2)
            {
                throw new BudgetStoreUnavailableException($"Redis at {redis.Endpoint} keeps losing its budget data (the epoch changed three times in one reservation)");
            }
        }
    }

    /// <summary>Null when Redis is not in the epoch this process seeded.</summary>
    private async ValueTask<ReservationOutcome?> TryReserveAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal amountUsd, decimal minimumUsd, DateTimeOffset now, string epoch)
    {
        var keys = new RedisKey[(budgets.Count * 2) + 1];
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

        keys[^1] = EpochKey;
        args.Add(epoch);
        var result = (RedisResult[])(await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Reserve, keys, [.. args])).ConfigureAwait(false))!;
        var first = (long)result[0];
        return first switch
        {
            -2 => null,
            < 0 => ReservationOutcome.Deny(budgets[(int)(long)result[1] - 1].Id),
            _ => ReservationOutcome.Grant(first / 1_000_000_000m),
        };
    }

    public async ValueTask SettleAsync(IReadOnlyList<BudgetDefinition> budgets, string reservationId, decimal actualUsd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[(budgets.Count * 2) + 1];
        keys[0] = EpochKey;
        var args = new List<RedisValue> { reservationId, Nano(actualUsd), BudgetWindow.HourOf(now).ToUnixTimeMilliseconds() };
        for (var i = 0; i < budgets.Count; i++)
        {
            keys[(2 * i) + 1] = SpentKey(budgets[i]);
            keys[(2 * i) + 2] = ReservedKey(budgets[i]);
            args.Add((long)SpendLifetime(budgets[i].Window).TotalMilliseconds);
        }

        if ((long)(await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Settle, keys, [.. args])).ConfigureAwait(false)) == 1 && actualUsd > 0)
        {
            // Redis restarted empty during the call: open the epoch (re-seeding the ledgers' earlier spend), then book this call.
            Forget(_epoch);
            await EnsureSeededAsync(budgets, now, cancellationToken).ConfigureAwait(false);
            await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Settle, keys, [.. args])).ConfigureAwait(false);
        }
    }

    public async ValueTask CheckAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (budgets.Count == 0)
        {
            return;
        }

        var seen = _epoch;
        var current = await RunAsync(async db => (string?)await db.StringGetAsync(EpochKey).ConfigureAwait(false)).ConfigureAwait(false);
        if (current is null || current != seen)
        {
            Forget(seen);
        }

        await EnsureSeededAsync(budgets, now, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<BudgetUsage>> UsageAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(HashEntry[] Spent, HashEntry[] Reserved)> reads = [];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var epoch = await EnsureSeededAsync(budgets, now, cancellationToken).ConfigureAwait(false);
            string? current = null;
            reads = await RunAsync(async db =>
            {
                var batch = db.CreateBatch();
                var epochRead = batch.StringGetAsync(EpochKey);
                var pending = budgets.Select(b => (Spent: batch.HashGetAllAsync(SpentKey(b)), Reserved: batch.HashGetAllAsync(ReservedKey(b)))).ToList();
                batch.Execute();
                current = await epochRead.ConfigureAwait(false);
                var results = new List<(HashEntry[] Spent, HashEntry[] Reserved)>(pending.Count);
                foreach (var (spent, reserved) in pending)
                {
                    results.Add((await spent.ConfigureAwait(false), await reserved.ConfigureAwait(false)));
                }

                return results;
            }).ConfigureAwait(false);
            if (current == epoch)
            {
                break;
            }

            Forget(epoch); // Redis restarted between the seed and the read: seed again and read again (once)
        }

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

    public void Dispose() => _seedGate.Dispose();

    private RedisKey EpochKey => redis.Key("budget:epoch");

    /// <summary>Drops what this process knows about <paramref name="epoch"/> (unless another thread already moved on).</summary>
    private void Forget(string? epoch)
    {
        if (epoch is not null && Interlocked.CompareExchange(ref _epoch, null, epoch) == epoch)
        {
            _seeded.Clear();
        }
    }

    /// <summary>The epoch this process has seeded every one of <paramref name="budgets"/> in (opening and seeding as needed).</summary>
    private async ValueTask<string> EnsureSeededAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_epoch is { } known && budgets.All(b => _seeded.ContainsKey(SeedMemo(known, b))))
        {
            return known;
        }

        await _seedGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var epoch = _epoch ??= await OpenEpochAsync(budgets, now).ConfigureAwait(false);
                var complete = true;
                foreach (var budget in budgets)
                {
                    if (_seeded.ContainsKey(SeedMemo(epoch, budget)))
                    {
                        continue;
                    }

                    if (!await SeedAsync(budget, epoch, now, cancellationToken).ConfigureAwait(false))
                    {
                        Forget(epoch);
                        complete = false;
                        break;
                    }

                    _seeded[SeedMemo(epoch, budget)] = 0;
                }

                if (complete)
                {
                    return epoch;
                }
            }

            throw new BudgetStoreUnavailableException($"Redis at {redis.Endpoint} keeps losing its budget data (its epoch changed three times while re-seeding)");
        }
        finally
        {
            _seedGate.Release();
        }
    }

    private async Task<string> OpenEpochAsync(IReadOnlyList<BudgetDefinition> budgets, DateTimeOffset now)
    {
        RedisKey[] keys = [EpochKey, .. budgets.Select(SpentKey)];
        var result = await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.OpenEpoch, keys, [Guid.NewGuid().ToString("N"), now.ToUnixTimeMilliseconds()])).ConfigureAwait(false);
        return (string)result!;
    }

    /// <summary>Adds this process's ledger spend of the budget's window from before the epoch's start (once per ledger); false if the epoch changed meanwhile.</summary>
    private async Task<bool> SeedAsync(BudgetDefinition budget, string epoch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var separator = epoch.LastIndexOf(':');
        var start = separator > 0 && long.TryParse(epoch.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        if (history is null || start <= 0)
        {
            return true; // nothing to add: no ledger here, or the data in Redis predates epochs and is complete
        }

        string source;
        IReadOnlyList<(DateTimeOffset Hour, decimal Usd)> hours;
        try
        {
            source = await history.SourceIdAsync(cancellationToken).ConfigureAwait(false);
            hours = await history.HourlyAsync(budget, budget.Window.Start(now), DateTimeOffset.FromUnixTimeMilliseconds(start), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Unsure of the spend: treat the store as unavailable, so onStoreUnavailable decides (closed refuses).
            throw new BudgetStoreUnavailableException($"Redis at {redis.Endpoint} restarted without its budget data, and this gateway's ledger could not be read to re-seed it ({ex.GetType().Name})", ex);
        }

        var marker = redis.Key($"budget:{budget.Id}:{budget.Window}:seeded:{epoch}:{source}");
        var args = new List<RedisValue> { epoch, (long)SpendLifetime(budget.Window).TotalMilliseconds };
        foreach (var (hour, usd) in hours)
        {
            args.Add(hour.ToUnixTimeMilliseconds());
            args.Add(Nano(usd));
        }

        var result = (long)(await RunAsync(db => db.ScriptEvaluateAsync(BudgetScripts.Seed, [EpochKey, marker, SpentKey(budget)], [.. args])).ConfigureAwait(false));
        return result >= 0;
    }

    private string SeedMemo(string epoch, BudgetDefinition budget) => $"{epoch}|{SpentKey(budget)}";

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

    /// <summary>
    /// Whole nano-dollars, at most 2^53 (≈ $9 million: Lua numbers are doubles, exact up to there). A client's huge
    /// max_tokens makes a worst case of any size; saturating keeps it "more than any budget" instead of an overflow.
    /// </summary>
    internal static long Nano(decimal usd)
    {
        if (usd <= 0)
        {
            return 0;
        }

        return usd >= MaxExactUsd ? MaxExactNano : (long)decimal.Round(usd * 1_000_000_000m, MidpointRounding.ToPositiveInfinity);
    }

    private const long MaxExactNano = 1L << 53;

    private static readonly decimal MaxExactUsd = MaxExactNano / 1_000_000_000m;

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            var db = await redis.DatabaseAsync().ConfigureAwait(false);
            return await command(db).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException || (ex is RedisException && ex is not RedisServerException))
        {
            // Never the connection string: it may carry password= (it would reach logs and the admin API's error body).
            throw new BudgetStoreUnavailableException($"Redis at {redis.Endpoint} is unreachable ({ex.GetType().Name})", ex);
        }
    }
}
