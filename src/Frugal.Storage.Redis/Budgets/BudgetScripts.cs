namespace Frugal.Storage.Redis.Budgets;

/// <summary>
/// The Lua scripts that make budgets atomic across gateway processes: Redis runs each one without
/// interleaving any other command, so "check every budget, then reserve in all" cannot race.
/// Amounts are whole nano-dollars (exact in Lua's doubles up to $9 million).
/// </summary>
internal static class BudgetScripts
{
    /// <summary>
    /// KEYS: spent hash, reservations hash, per budget, then the epoch key. ARGV: count, amount, minimum, now ms, reservation id,
    /// expiry ms, then per budget: limit, first hour (ms) of its window, then the epoch this process has seeded.
    /// Returns {grant, 0}, {-1, index of the tightest budget}, or {-2, 0} when the epoch is not the one expected
    /// (Redis restarted empty, or another process opened a new epoch): the caller re-seeds and asks again.
    /// </summary>
    public const string Reserve = """
        local n = tonumber(ARGV[1])
        if redis.call('GET', KEYS[2 * n + 1]) ~= ARGV[7 + 2 * n] then return {-2, 0} end
        local grant = tonumber(ARGV[2])
        local minimum = tonumber(ARGV[3])
        local now = tonumber(ARGV[4])
        local tightest, tightestLeft = 1, nil
        for i = 1, n do
          local limit = tonumber(ARGV[5 + 2 * i])
          local first = tonumber(ARGV[6 + 2 * i])
          local spent = 0
          local buckets = redis.call('HGETALL', KEYS[2 * i - 1])
          for j = 1, #buckets, 2 do
            if tonumber(buckets[j]) < first then
              redis.call('HDEL', KEYS[2 * i - 1], buckets[j])
            else
              spent = spent + tonumber(buckets[j + 1])
            end
          end
          local reserved = 0
          local held = redis.call('HGETALL', KEYS[2 * i])
          for j = 1, #held, 2 do
            local value = held[j + 1]
            local sep = string.find(value, ':', 1, true)
            if tonumber(string.sub(value, sep + 1)) < now then
              redis.call('HDEL', KEYS[2 * i], held[j])
            else
              reserved = reserved + tonumber(string.sub(value, 1, sep - 1))
            end
          end
          local left = limit - spent - reserved
          if left < grant then grant = left end
          if tightestLeft == nil or left < tightestLeft then tightest, tightestLeft = i, left end
        end
        if grant < minimum or grant < 0 then return {-1, tightest} end
        local entry = string.format('%.0f', grant) .. ':' .. ARGV[6]
        for i = 1, n do
          redis.call('HSET', KEYS[2 * i], ARGV[5], entry)
          redis.call('PEXPIRE', KEYS[2 * i], tonumber(ARGV[6]) - now + 60000)
        end
        return {grant, 0}
        """;

    /// <summary>
    /// KEYS: the epoch key, then spent hash, reservations hash, per budget. ARGV: reservation id, actual, hour ms, then per
    /// budget: ttl ms of its spend. Returns 0, or 1 when there is no epoch (Redis restarted empty): the reservation is
    /// dropped but the spend is not booked, so that no spend key exists before the epoch is opened (which would make the
    /// store look like one that predates epochs); the caller opens the epoch, re-seeds and settles again.
    /// </summary>
    public const string Settle = """
        local actual = tonumber(ARGV[2])
        local open = redis.call('EXISTS', KEYS[1]) == 1
        for i = 1, (#KEYS - 1) / 2 do
          redis.call('HDEL', KEYS[2 * i + 1], ARGV[1])
          if open and actual > 0 then
            redis.call('HINCRBY', KEYS[2 * i], ARGV[3], ARGV[2])
            redis.call('PEXPIRE', KEYS[2 * i], ARGV[3 + i])
          end
        end
        if open then return 0 end
        return 1
        """;

    /// <summary>
    /// KEYS: the epoch key, then the spent hash of every budget known. ARGV: a new epoch id, now ms. Returns the epoch
    /// ("id:start ms"), opening it when missing. A new epoch starts now — spend before it is re-seeded from the ledgers —
    /// unless a spent hash already exists: then the data predates epochs (an upgrade), is complete, and the start is 0.
    /// </summary>
    public const string OpenEpoch = """
        local current = redis.call('GET', KEYS[1])
        if current then return current end
        local start = ARGV[2]
        for i = 2, #KEYS do
          if redis.call('EXISTS', KEYS[i]) == 1 then
            start = '0'
            break
          end
        end
        local value = ARGV[1] .. ':' .. start
        redis.call('SET', KEYS[1], value)
        return value
        """;

    /// <summary>
    /// KEYS: the epoch key, the seed marker of (epoch, ledger, budget), the budget's spent hash. ARGV: the epoch expected,
    /// marker ttl ms, then pairs of hour ms and nano-dollars. Adds one ledger's spend before the epoch exactly once:
    /// returns 1 (added), 0 (this ledger was added already) or -1 (the epoch changed meanwhile: nothing done).
    /// </summary>
    public const string Seed = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 0 end
        for i = 3, #ARGV, 2 do
          redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
        end
        if #ARGV > 2 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
        return 1
        """;

    /// <summary>KEYS: one counter hash per rule (of this minute). ARGV: tokens, then per rule: requests limit, tokens limit (-1 = none). Returns {0,0} or {rule index, 1 = requests | 2 = tokens}.</summary>
    public const string Rate = """
        local tokens = tonumber(ARGV[1])
        for i = 1, #KEYS do
          local rpm = tonumber(ARGV[2 * i])
          local tpm = tonumber(ARGV[2 * i + 1])
          local r = tonumber(redis.call('HGET', KEYS[i], 'r') or '0')
          local t = tonumber(redis.call('HGET', KEYS[i], 't') or '0')
          if rpm >= 0 and r + 1 > rpm then return {i, 1} end
          if tpm >= 0 and t + tokens > tpm then return {i, 2} end
        end
        for i = 1, #KEYS do
          redis.call('HINCRBY', KEYS[i], 'r', 1)
          redis.call('HINCRBY', KEYS[i], 't', tokens)
          redis.call('EXPIRE', KEYS[i], 120)
        end
        return {0, 0}
        """;
}
