namespace Frugal.Core.Accounting.Reports;

/// <summary>
/// Personal-data values of one entity type the privacy stage acted on, summed over one route (the model name the
/// client asked for) or one key: <see cref="Scope"/> is <c>route</c> or <c>key</c>.
/// </summary>
public sealed record PiiReportRow(string Scope, string Group, string Entity, long Entities, long Requests);
