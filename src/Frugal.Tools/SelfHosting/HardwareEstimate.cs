namespace Frugal.Tools.SelfHosting;

/// <summary>What <see cref="HardwareEstimator"/> found: the shape it used and one estimate per weight format.</summary>
public sealed record HardwareEstimate
{
    public required HardwareInput Input { get; init; }

    /// <summary>The architecture the KV cache was sized with.</summary>
    public required ModelShape Shape { get; init; }

    /// <summary>True when any of layers, KV heads or head dim came from <see cref="KnownShapes"/> rather than the caller.</summary>
    public required bool ShapeEstimated { get; init; }

    public required IReadOnlyList<MemoryEstimate> Estimates { get; init; }
}
