using System.Diagnostics;

namespace Frugal.Core.Diagnostics;

/// <summary>The gateway's spans (ActivitySource "Frugal"): one per pipeline stage, tagged with the request id.</summary>
public static class FrugalTracing
{
    public const string SourceName = "Frugal";

    public const string RequestIdTag = "frugal.request_id";
    public const string StageTag = "frugal.stage";

    public static readonly ActivitySource Source = new(SourceName);
}
