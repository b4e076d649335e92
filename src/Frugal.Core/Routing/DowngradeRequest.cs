namespace Frugal.Core.Routing;

/// <summary>
/// Asks routing for the route's next cheaper model instead of its first choice. Set by an outer stage (budget
/// admission, when a budget passed a downgrade threshold) before routing; read by <see cref="Routes.RoutePlanner"/>,
/// which also puts <see cref="Reason"/> (e.g. "budget team:ml at 92%") into the <c>x-frugal-route</c> value.
/// </summary>
public sealed class DowngradeRequest(string reason)
{
    public string Reason { get; } = reason;
}
