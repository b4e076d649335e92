namespace Frugal.Core.Accounting.Reports;

/// <summary><c>frugal report --by pii</c>: entity counts per type by route and by key for ledger rows with <c>Since ≤ time &lt; Until</c>.</summary>
public sealed record PiiReport(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<PiiReportRow> Rows);
