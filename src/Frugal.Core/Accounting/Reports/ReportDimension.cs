namespace Frugal.Core.Accounting.Reports;

/// <summary>What a report groups by (<c>--by</c>).</summary>
public enum ReportDimension
{
    Total,
    Model,
    Provider,
    Key,
    Team,
    Tag,
    Day,
    Hour,
}
