using Frugal.Core.Accounting;

namespace Frugal.Tools.Estimates;

/// <summary>
/// Recorded traffic re-priced on another model. <see cref="ActualUsd"/> covers priced calls
/// only (<see cref="UnpricedCalls"/> had no price). Monthly figures scale <see cref="Span"/> — first to last recorded
/// entry in the window — to a month, not the window itself: one hour of traffic in a 30-day window is an hour's run-rate,
/// not a month's. With no span (no traffic, or all of it in one instant) there is nothing to extrapolate: null.
/// </summary>
public sealed record WhatIf(string Model, long Calls, decimal ActualUsd, decimal? WhatIfUsd, long UnpricedCalls, TimeSpan Window)
{
    /// <summary>Below this the month figures are a guess from too little traffic (a day's cycle not seen).</summary>
    public static readonly TimeSpan ShortSpan = TimeSpan.FromDays(1);

    /// <summary>First to last ledger entry in the window; zero when unknown.</summary>
    public TimeSpan Span { get; init; }

    public bool IsShortSpan => Span < ShortSpan;

    private decimal? MonthScale => Span <= TimeSpan.Zero ? null : BillingCalendar.DaysPerMonth / (decimal)Span.TotalDays;

    public decimal? ActualMonthlyUsd => ActualUsd * MonthScale;

    public decimal? WhatIfMonthlyUsd => WhatIfUsd * MonthScale;
}
