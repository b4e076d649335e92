using System.Diagnostics.Metrics;
using Frugal.Core.Diagnostics;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Privacy;

/// <summary>
/// Privacy instruments on this host's meter (exported by /metrics): entities acted on by type, action, route and key,
/// and refused requests by reason. Bounded tags only: entity names come from config, the route through
/// <see cref="FrugalMetrics.ModelLabel"/>, the key id from the key store. Never a value.
/// </summary>
public sealed class PrivacyInstruments
{
    private readonly FrugalMetrics _metrics;
    private readonly Counter<long> _entities;
    private readonly Counter<long> _refusals;

    public PrivacyInstruments(FrugalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
        _entities = metrics.Meter.CreateCounter<long>("frugal.pii.entities", "{entity}", "Personal-data values acted on (masked, redacted, blocked), by entity type, action, route and key");
        _refusals = metrics.Meter.CreateCounter<long>("frugal.pii.refusals", "{request}", "Requests the privacy stage refused, by reason (blocked, masking_failed)");
    }

    public void Record(GatewayRequest request, PiiMaskResult result)
    {
        var route = _metrics.ModelLabel(request.RequestedModel);
        foreach (var (name, count) in result.Counts)
        {
            var action = result.Actions.TryGetValue(name, out var a) ? a : PiiAction.Mask;
            _entities.Add(count, new("entity", name), new("action", ActionName(action)), new("route", route), new("key", request.Tenant.KeyId));
        }
    }

    public void CountRefusal(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static string ActionName(PiiAction action) => action switch
    {
        PiiAction.Off => "off",
        PiiAction.Mask => "mask",
        PiiAction.Redact => "redact",
        _ => "block",
    };
}
