namespace Frugal.Tools.SelfHosting;

/// <summary>The memory one weight format needs, in bytes, and the hardware that holds it.</summary>
public sealed record MemoryEstimate
{
    public required QuantLevel Quant { get; init; }

    /// <summary>Parameters × bits per weight / 8.</summary>
    public required decimal WeightsBytes { get; init; }

    /// <summary>2 (K and V) × layers × KV heads × head dim × context × batch × bytes per element.</summary>
    public required decimal KvCacheBytes { get; init; }

    /// <summary>Activations and compute buffers, taken as a share of the weights.</summary>
    public required decimal ActivationBytes { get; init; }

    /// <summary>CUDA context, cuBLAS workspace and the like, per device.</summary>
    public required decimal RuntimeBytes { get; init; }

    /// <summary>Everything, on one device.</summary>
    public decimal TotalBytes => WeightsBytes + KvCacheBytes + ActivationBytes + RuntimeBytes;

    public required IReadOnlyList<GpuFit> Gpus { get; init; }

    public required IReadOnlyList<RamFit> Ram { get; init; }

    /// <summary>The card with the least memory that holds the model alone, or null when none does.</summary>
    public GpuCard? SmallestSingleGpu => Gpus.Where(g => g.FitsOnOne).MinBy(g => g.Card.MemoryGiB)?.Card;

    /// <summary>The smallest listed RAM size that holds the model, or null when none does.</summary>
    public decimal? SmallestRamGiB => Ram.Where(r => r.Fits).Select(r => (decimal?)r.SizeGiB).Min();
}
