namespace Frugal.Storage.Redis.PromptCache;

/// <summary>
/// The Lua scripts of <see cref="RedisPromptPrefixStore"/>: the rules of <see cref="Frugal.Core.PromptCache.PrefixState"/>
/// (Observe, RecordCache) on one hash per prefix, so replicas sharing the server learn together and two replicas
/// seeing the same prefix at once cannot lose a sighting. Times are Unix milliseconds (exact in Lua's doubles).
/// Hash fields: s sightings, l last seen, u cache live until (absent = none), t TTL ms, r read since the last write,
/// w writes, rd reads, x wasted writes, si short intervals in a row, ms/mc this minute's start and count, pc the
/// previous minute's count. Every script refreshes the key's idle expiry.
/// </summary>
internal static class PromptPrefixScripts
{
    /// <summary>
    /// The fields read by <see cref="Observe"/> and <see cref="Peek"/>; the snapshot both return is
    /// {sightings, last seen, live until (-1 none), ttl, writes, reads, wasted, short intervals, busiest minute}.
    /// </summary>
    private const string Read = """
        local h = redis.call('HMGET', KEYS[1], 's', 'l', 'u', 't', 'r', 'w', 'rd', 'x', 'si', 'ms', 'mc', 'pc')
        local s, l, u, t = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]), tonumber(h[4]) or 0
        local r, w, rd, x = tonumber(h[5]) or 0, tonumber(h[6]) or 0, tonumber(h[7]) or 0, tonumber(h[8]) or 0
        local si, ms, mc, pc = tonumber(h[9]) or 0, tonumber(h[10]) or 0, tonumber(h[11]) or 0, tonumber(h[12]) or 0

        """;

    /// <summary>KEYS: the prefix hash. ARGV: now ms, short interval ms, idle expiry ms. Returns the snapshot before the sighting.</summary>
    public const string Observe = Read + """
        local now = tonumber(ARGV[1])
        if u and now > u then
          if r == 0 then x = x + 1 end
          u = nil
        end
        local before = {s, l, u or -1, t, w, rd, x, si, math.max(pc, mc)}
        if s > 0 then
          if now - l <= tonumber(ARGV[2]) then si = si + 1 else si = 0 end
        end
        if now - ms >= 60000 then
          if now - ms < 120000 then pc = mc else pc = 0 end
          ms = now
          mc = 0
        end
        mc = mc + 1
        s = s + 1
        redis.call('HSET', KEYS[1], 's', s, 'l', now, 'x', x, 'si', si, 'ms', ms, 'mc', mc, 'pc', pc)
        if not u then redis.call('HDEL', KEYS[1], 'u') end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return before
        """;

    /// <summary>KEYS: the prefix hash. Returns the snapshot without recording anything.</summary>
    public const string Peek = Read + """
        return {s, l, u or -1, t, w, rd, x, si, math.max(pc, mc)}
        """;

    /// <summary>KEYS: the prefix hash. ARGV: now ms, TTL ms, 1 for a write (0 a read), idle expiry ms.</summary>
    public const string RecordCache = """
        local u = redis.call('HGET', KEYS[1], 'u')
        if ARGV[3] == '1' or not u then
          redis.call('HINCRBY', KEYS[1], 'w', 1)
          redis.call('HSET', KEYS[1], 'r', 0)
        else
          redis.call('HINCRBY', KEYS[1], 'rd', 1)
          redis.call('HSET', KEYS[1], 'r', 1)
        end
        redis.call('HSET', KEYS[1], 't', ARGV[2], 'u', tonumber(ARGV[1]) + tonumber(ARGV[2]))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;
}
