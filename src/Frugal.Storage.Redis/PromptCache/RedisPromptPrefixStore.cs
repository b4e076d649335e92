using System.Globalization;
using Frugal.Core.PromptCache;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Frugal.Storage.Redis.PromptCache;

/// <summary>
/// <see cref="IPromptPrefixStore"/> in Redis (chosen when <c>cache.backend</c> is "redis"): one hash per prefix, each
/// operation one Lua script (<see cref="PromptPrefixScripts"/>), so every gateway pointing at the same server and key
/// prefix learns from every call: a prefix one replica saw is a cache write on the next. Bounded by time instead of an
/// LRU count: a prefix not seen for <see cref="IdleExpiry"/> is forgotten (it would be "rare" anyway). Learnt state is
/// soft: when Redis cannot be reached the store answers "never seen" (no marker, so no write premium) and records
/// nothing, and the call goes on.
/// </summary>
public sealed partial class RedisPromptPrefixStore(RedisConnector connector, ILogger<RedisPromptPrefixStore> logger) : IPromptPrefixStore
{
    /// <summary>How long an unseen prefix is kept: well past the 55-minute reuse that still earns a 1-hour write.</summary>
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromHours(24);

    private static readonly RedisValue IdleExpiryMs = (long)IdleExpiry.TotalMilliseconds;
    private static readonly RedisValue ShortIntervalMs = (long)MemoryPromptPrefixStore.ShortInterval.TotalMilliseconds;

    private int _failing;

    public async ValueTask<PrefixSnapshot> ObserveAsync(ulong key, DateTimeOffset now)
        => Snapshot(await RunAsync(PromptPrefixScripts.Observe, key, [now.ToUnixTimeMilliseconds(), ShortIntervalMs, IdleExpiryMs]).ConfigureAwait(false));

    public async ValueTask<PrefixSnapshot> PeekAsync(ulong key)
        => Snapshot(await RunAsync(PromptPrefixScripts.Peek, key, []).ConfigureAwait(false));

    public async ValueTask RecordCacheAsync(ulong key, DateTimeOffset now, TimeSpan ttl, bool write)
        => await RunAsync(PromptPrefixScripts.RecordCache, key, [now.ToUnixTimeMilliseconds(), (long)ttl.TotalMilliseconds, write ? 1 : 0, IdleExpiryMs]).ConfigureAwait(false);

    private static PrefixSnapshot Snapshot(RedisResult? result)
    {
        if (result is null || result.IsNull || (RedisResult[]?)result is not { Length: 9 } v)
        {
            return default; // Redis unreachable: as if never seen, so the caller starts learning
        }

        var lastSeen = (long)v[1];
        var liveUntil = (long)v[2];
        return new PrefixSnapshot(
            (long)v[0],
            lastSeen == 0 ? default : DateTimeOffset.FromUnixTimeMilliseconds(lastSeen), // 0: never seen, as the memory store's default
            liveUntil < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(liveUntil),
            TimeSpan.FromMilliseconds((long)v[3]),
            (long)v[4],
            (long)v[5],
            (long)v[6],
            (int)v[7],
            (int)v[8]);
    }

    private async ValueTask<RedisResult?> RunAsync(string script, ulong key, RedisValue[] args)
    {
        try
        {
            var db = await connector.DatabaseAsync().ConfigureAwait(false);
            var result = await db.ScriptEvaluateAsync(script, [connector.Key("pcache:" + key.ToString("x16", CultureInfo.InvariantCulture))], args).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                LogBack(logger, connector.Endpoint);
            }

            return result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                // Once per outage: the stage goes on without learnt state (no markers), which costs no premium.
                LogUnreachable(logger, connector.Endpoint, RedisConnector.Redact(e.Message));
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prompt-cache learning reaches Redis at {Endpoint} again")]
    private static partial void LogBack(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prompt-cache learning cannot reach Redis at {Endpoint}: {Error}; no breakpoints until it is back")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string error);
}
