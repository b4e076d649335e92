namespace Frugal.Core.Compression;

/// <summary>A key's or a model's (route's) overrides of the section's compression settings; null = not set here.</summary>
public sealed record CompressionRule
{
    public bool? Enabled { get; init; }

    public CompressionTechniques? Techniques { get; init; }

    public double? TargetRatio { get; init; }

    public int? TargetTokens { get; init; }

    public int? MinPromptTokens { get; init; }

    public CompressionScorer? Scorer { get; init; }

    public bool? SummarizeDropped { get; init; }
}
