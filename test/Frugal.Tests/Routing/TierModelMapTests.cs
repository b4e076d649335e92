using Frugal.Core.Routing.Classification;

namespace Frugal.Tests.Routing;

public sealed class TierModelMapTests
{
    private static readonly TierModelMap Map = new("gpt-4o-mini", "claude-sonnet", "o3");

    [Theory]
    [InlineData(ModelPriority.Cost, ComplexityTier.Simple, "gpt-4o-mini")]
    [InlineData(ModelPriority.Cost, ComplexityTier.Medium, "gpt-4o-mini")]
    [InlineData(ModelPriority.Cost, ComplexityTier.Complex, "claude-sonnet")]
    [InlineData(ModelPriority.Cost, ComplexityTier.Expert, "o3")]
    [InlineData(ModelPriority.Quality, ComplexityTier.Simple, "claude-sonnet")]
    [InlineData(ModelPriority.Quality, ComplexityTier.Medium, "o3")]
    [InlineData(ModelPriority.Quality, ComplexityTier.Complex, "o3")]
    [InlineData(ModelPriority.Quality, ComplexityTier.Expert, "o3")]
    [InlineData(ModelPriority.Speed, ComplexityTier.Simple, "gpt-4o-mini")]
    [InlineData(ModelPriority.Speed, ComplexityTier.Medium, "gpt-4o-mini")]
    [InlineData(ModelPriority.Speed, ComplexityTier.Complex, "gpt-4o-mini")]
    [InlineData(ModelPriority.Speed, ComplexityTier.Expert, "claude-sonnet")]
    public void Maps_tier_and_priority_to_a_model(ModelPriority priority, ComplexityTier tier, string model)
    {
        Assert.Equal(model, Map.ModelFor(tier, priority));
    }

    [Theory]
    [InlineData("cost", true, ModelPriority.Cost)]
    [InlineData(" Quality ", true, ModelPriority.Quality)]
    [InlineData("SPEED", true, ModelPriority.Speed)]
    [InlineData("cheap", false, ModelPriority.Cost)]
    [InlineData(null, false, ModelPriority.Cost)]
    public void Parses_priorities(string? text, bool ok, ModelPriority expected)
    {
        Assert.Equal(ok, TierModelMap.TryParsePriority(text, out var priority));
        Assert.Equal(expected, priority);
    }

    [Fact]
    public void Classifier_and_map_compose()
    {
        var verdict = new ComplexityClassifier().Classify(new ComplexityInput("翻译成英文：谢谢", 8, 1, HasTools: false));

        Assert.Equal("gpt-4o-mini", Map.ModelFor(verdict.Tier, ModelPriority.Cost));
        Assert.Equal("claude-sonnet", Map.ModelFor(verdict.Tier, ModelPriority.Quality));
    }
}
