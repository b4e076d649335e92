using System.Diagnostics;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Routing;

/// <summary>
/// Where the request goes. Set by <see cref="RoutingHandler"/> before each attempt (and by the shadow labeller for
/// its own calls); read by the per-attempt stages (budget reservation prices the target, the price guard checks it),
/// by dispatch (which provider to call), by the response headers (<c>x-frugal-route</c>), the stage spans and the
/// ledger entry (the answering model).
/// </summary>
public sealed class RoutingFeature : ILedgerContribution, ITraceTags
{
    /// <summary>Where the next (or last) upstream attempt goes.</summary>
    public RouteTarget? Target { get; set; }

    /// <summary>The gateway-side model name routed to (e.g. "gpt-4o-mini").</summary>
    public string? ResolvedModel => Target?.Model;

    /// <summary>The <c>x-frugal-route</c> value when a route was used: route, tier, reason.</summary>
    public string? RouteHeader { get; set; }

    public void Contribute(LedgerEntryBuilder entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Model = ResolvedModel;
    }

    public void AddTags(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Target is { } target)
        {
            activity.SetTag("frugal.target", target.Provider.Name + "/" + target.Model);
        }
    }
}
