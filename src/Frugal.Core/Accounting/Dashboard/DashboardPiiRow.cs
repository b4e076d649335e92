namespace Frugal.Core.Accounting.Dashboard;

/// <summary>
/// Personal-data values of one entity type the privacy stage acted on over a period, for one route (the model name
/// the client asked for) or one key, from the hourly rollups (dims <c>pii</c> and <c>pii_key</c>).
/// </summary>
/// <param name="Scope"><c>route</c> or <c>key</c>.</param>
/// <param name="Name">The route, or the key's name (its id when it has none).</param>
/// <param name="Entity">The entity type (EMAIL_ADDRESS, PHONE_NUMBER…).</param>
/// <param name="Values">Values of that type masked, redacted or blocked.</param>
/// <param name="Requests">Requests that held at least one of them.</param>
public sealed record DashboardPiiRow(string Scope, string Name, string Entity, long Values, long Requests);
