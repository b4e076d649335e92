namespace Frugal.Core.Accounting.Dashboard;

/// <summary>
/// The time window the dashboard shows and the width of one chart bucket. Windows are whole hours because the
/// ledger's rollups are hourly; longer windows use wider buckets so a chart never has more than ~170 points.
/// "1h" (last hour, for a fresh demo) is the current clock hour and the one before: the last 60 minutes always lie
/// inside those two hourly rollups, and a finer window would need the ledger rows themselves.
/// </summary>
public sealed record DashboardPeriod(string Name, DateTimeOffset Since, DateTimeOffset Until, TimeSpan Step)
{
    public static readonly IReadOnlyList<string> Names = ["1h", "24h", "7d", "30d"];

    public static bool TryCreate(string? name, TimeProvider time, out DashboardPeriod? period)
    {
        var (length, step) = (name ?? "24h") switch
        {
            "1h" => (TimeSpan.FromHours(2), TimeSpan.FromHours(1)),
            "24h" => (TimeSpan.FromHours(24), TimeSpan.FromHours(1)),
            "7d" => (TimeSpan.FromDays(7), TimeSpan.FromHours(6)),
            "30d" => (TimeSpan.FromDays(30), TimeSpan.FromDays(1)),
            _ => (TimeSpan.Zero, TimeSpan.Zero),
        };
        if (length == TimeSpan.Zero)
        {
            period = null;
            return false;
        }

        // The current (partial) hour is included: until is the end of this hour, since is aligned to the step.
        var now = time.GetUtcNow();
        var until = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1);
        var since = until - length;
        since = new DateTimeOffset(since.Ticks - (since.Ticks % step.Ticks), TimeSpan.Zero);
        period = new DashboardPeriod(name ?? "24h", since, until, step);
        return true;
    }

    public int BucketCount => (int)Math.Ceiling((Until - Since) / Step);
}
