using System.Globalization;

namespace Frugal.Core.Budgets.Config;

/// <summary>
/// The period a budget's spend is counted over, in UTC: the calendar day, the calendar month, or the
/// last N days. Spend is kept in hourly buckets, so a rolling window moves forward an hour at a time
/// (its oldest hour drops out at each hour boundary).
/// </summary>
public sealed record BudgetWindow
{
    private BudgetWindow(BudgetWindowKind kind, int days)
    {
        Kind = kind;
        Days = days;
    }

    public BudgetWindowKind Kind { get; }

    /// <summary>Length of a rolling window in days (0 for calendar windows).</summary>
    public int Days { get; }

    public static BudgetWindow Daily { get; } = new(BudgetWindowKind.Daily, 0);

    public static BudgetWindow Monthly { get; } = new(BudgetWindowKind.Monthly, 0);

    public static BudgetWindow Rolling(int days) => new(BudgetWindowKind.Rolling, days);

    /// <summary>"daily", "monthly" or "rolling:Nd" (N from 1 to 366).</summary>
    public static BudgetWindow? TryParse(string? text)
    {
        switch (text)
        {
            case "daily":
                return Daily;
            case "monthly":
                return Monthly;
        }

        if (text is not null && text.StartsWith("rolling:", StringComparison.Ordinal) && text.EndsWith('d')
            && int.TryParse(text.AsSpan(8, text.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 366)
        {
            return Rolling(days);
        }

        return null;
    }

    public override string ToString() => Kind switch
    {
        BudgetWindowKind.Daily => "daily",
        BudgetWindowKind.Monthly => "monthly",
        _ => $"rolling:{Days}d",
    };

    /// <summary>The first instant whose spend counts at <paramref name="now"/>.</summary>
    public DateTimeOffset Start(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return Kind switch
        {
            BudgetWindowKind.Daily => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            BudgetWindowKind.Monthly => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => HourOf(utc).AddHours(1).AddDays(-Days),
        };
    }

    /// <summary>
    /// When the window next frees spend: the next calendar day or month; for a rolling window, when
    /// <paramref name="oldestSpendHour"/> (the oldest hour with spend) drops out, or the next hour.
    /// </summary>
    public DateTimeOffset ResetsAt(DateTimeOffset now, DateTimeOffset? oldestSpendHour = null) => Kind switch
    {
        BudgetWindowKind.Daily => Start(now).AddDays(1),
        BudgetWindowKind.Monthly => Start(now).AddMonths(1),
        _ => oldestSpendHour is { } oldest && oldest.AddDays(Days) > now ? oldest.AddDays(Days) : HourOf(now).AddHours(1),
    };

    /// <summary>
    /// The period an alert fires at most once in: the calendar window itself, or for a rolling window
    /// consecutive N-day periods counted from the Unix epoch.
    /// </summary>
    public DateTimeOffset AlertPeriod(DateTimeOffset now) => Kind == BudgetWindowKind.Rolling
        ? DateTimeOffset.UnixEpoch.AddDays(Math.Floor((now - DateTimeOffset.UnixEpoch).TotalDays / Days) * Days)
        : Start(now);

    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
