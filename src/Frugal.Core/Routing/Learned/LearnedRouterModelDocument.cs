namespace Frugal.Core.Routing.Learned;

/// <summary>The JSON shape of a saved <see cref="LearnedRouterModel"/>; weights are little-endian float32, base64.</summary>
internal sealed class LearnedRouterModelDocument
{
    public string? Format { get; set; }

    public RouterLabel Label { get; set; }

    public double Threshold { get; set; }

    public string? ThresholdRule { get; set; }

    public RouterModelInfo? Info { get; set; }

    public RouterFeatureOptions? Features { get; set; }

    public double Bias { get; set; }

    public int Dimension { get; set; }

    public byte[]? Weights { get; set; }

    public double[]? ScoreQuantiles { get; set; }

    /// <summary>Absent in files written before the length fallback: they are <see cref="RouterRule.Learned"/>.</summary>
    public RouterRule Rule { get; set; }

    public string? RuleEvidence { get; set; }
}
