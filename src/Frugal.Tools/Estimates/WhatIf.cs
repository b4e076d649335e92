using Frugal.Core.Accounting;

namespace Frugal.Tools.Estimates;

/// <summary>
/// Recorded traffic re-priced on another model. <see cref="ActualUsd"/> covers priced calls
/// only (<see cref="UnpricedCalls"/> had no price); monthly figures scale the window to a month.
/// </summary>
public sealed record WhatIf(string Model, long Calls, decimal ActualUsd, decimal? WhatIfUsd, long UnpricedCalls, TimeSpan Window)
{
    private decimal MonthScale => Window.TotalDays <= 0 ? 0 : BillingCalendar.DaysPerMonth / (decimal)Window.TotalDays;

    public decimal ActualMonthlyUsd => ActualUsd * MonthScale;

    public decimal? WhatIfMonthlyUsd => WhatIfUsd * MonthScale;
}
