using System.Diagnostics;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Diagnostics;

/// <summary>The gateway's spans (ActivitySource "Frugal"): one per pipeline stage, tagged with the request id.</summary>
public static class FrugalTracing
{
    public const string SourceName = StageTracing.SourceName;

    public const string RequestIdTag = StageTracing.RequestIdTag;
    public const string StageTag = StageTracing.StageTag;

    /// <summary>The one source (declared in the pipeline kernel, which may not depend on this namespace).</summary>
    public static readonly ActivitySource Source = StageTracing.Source;
}
