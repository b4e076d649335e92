using System.Diagnostics;

namespace Frugal.Core.Pipeline;

/// <summary>
/// The ActivitySource of the stage spans (<see cref="TracedStage"/>), kept in the kernel so that it depends on no slice;
/// <c>Diagnostics.FrugalTracing</c> exposes the same source and names to the rest of the gateway.
/// </summary>
public static class StageTracing
{
    public const string SourceName = "Frugal";

    public const string RequestIdTag = "frugal.request_id";
    public const string StageTag = "frugal.stage";

    public static readonly ActivitySource Source = new(SourceName);
}
