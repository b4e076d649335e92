namespace Frugal.Core.Accounting;

/// <summary>The one month length every monthly figure uses (estimate, roi, reports), so they agree.</summary>
public static class BillingCalendar
{
    /// <summary>30.4 days (× 24 = 729.6 h, close to the 730 h cloud providers bill a GPU month at).</summary>
    public const decimal DaysPerMonth = 30.4m;

    public const decimal HoursPerMonth = DaysPerMonth * 24m;
}
