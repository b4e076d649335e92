using Frugal.Core.Pipeline;

namespace Frugal.Tests.Pipeline.AddAStage;

public static class RegionTagPipelineExtensions
{
    public static GatewayPipelineBuilder UseRegionTag(this GatewayPipelineBuilder builder, string region)
        => builder.Use(inner => new RegionTagHandler(inner, region));
}
