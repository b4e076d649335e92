namespace Frugal.Core.Accounting.Reports;

/// <summary>A report over ledger entries with <c>Since ≤ time &lt; Until</c>.</summary>
public sealed record ReportQuery(DateTimeOffset Since, DateTimeOffset Until, ReportDimension By);
