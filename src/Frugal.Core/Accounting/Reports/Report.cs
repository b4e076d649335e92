namespace Frugal.Core.Accounting.Reports;

public sealed record Report(ReportQuery Query, IReadOnlyList<ReportRow> Rows, ReportRow Total);
