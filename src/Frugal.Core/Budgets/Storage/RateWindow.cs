namespace Frugal.Core.Budgets.Storage;

/// <summary>
/// Rate limits count in fixed UTC minutes: a client may send a minute's allowance at 12:00:59 and
/// another at 12:01:00 (at most twice the rate across a boundary), which keeps the counters two numbers.
/// </summary>
public static class RateWindow
{
    public static long MinuteOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / 60;

    /// <summary>Seconds until the next minute starts (at least 1), for retry-after.</summary>
    public static int SecondsToNextMinute(DateTimeOffset now) => (int)(60 - (now.ToUnixTimeSeconds() % 60));
}
