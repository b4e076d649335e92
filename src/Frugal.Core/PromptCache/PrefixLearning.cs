namespace Frugal.Core.PromptCache;

/// <summary>
/// The rule that decides a breakpoint from what is known about a prefix. Pure (time comes in), so it is tested alone.
/// <list type="bullet">
/// <item>A prefix never seen before gets no marker: a write is only worth its premium if the prefix comes back.</item>
/// <item>A prefix whose entry should still be live gets its marker back (a read: no premium, the TTL refreshes).</item>
/// <item>Otherwise the interval since the last sighting picks the TTL: within 4.5 min a 5-minute write, within 55 min a
///   1-hour write (read at every later sighting, since a hit refreshes it), beyond that nothing.</item>
/// <item>The guard: a prefix with two or more wasted writes (no read while live) whose reads have not paid for them
///   (reads × saving &lt; wasted × premium) stops getting markers until it shows steady reuse again (3 intervals in a
///   row within 4.5 min, the current one included).</item>
/// </list>
/// </summary>
public static class PrefixLearning
{
    public static readonly TimeSpan FiveMinuteReuse = TimeSpan.FromSeconds(270);
    public static readonly TimeSpan OneHourReuse = TimeSpan.FromMinutes(55);
    private const int SteadyReuse = 3;

    public static PrefixDecision Decide(PrefixSnapshot before, DateTimeOffset now, PromptCacheSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (before.IsNew)
        {
            return PrefixDecision.Skip("learning");
        }

        if (before.CacheLive(now))
        {
            return new PrefixDecision(PrefixAction.Read, before.CacheTtl, "read");
        }

        if (Stopped(before, spec) && before.ShortIntervals + 1 < SteadyReuse)
        {
            return PrefixDecision.Skip("unread");
        }

        var interval = now - before.LastSeen;
        if (interval <= FiveMinuteReuse)
        {
            return new PrefixDecision(PrefixAction.Write, PrefixDecision.FiveMinutes, "write");
        }

        return interval <= OneHourReuse
            ? new PrefixDecision(PrefixAction.Write, PrefixDecision.OneHour, "write")
            : PrefixDecision.Skip("rare");
    }

    /// <summary>Writes were paid for and not read back often enough to cover their premium.</summary>
    public static bool Stopped(PrefixSnapshot before, PromptCacheSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return before.WastedWrites >= 2 && before.Reads * spec.ReadSaving < before.WastedWrites * spec.Write5mPremium;
    }
}
