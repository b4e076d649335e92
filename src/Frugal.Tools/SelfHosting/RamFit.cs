namespace Frugal.Tools.SelfHosting;

/// <summary>Whether a machine with this much system or unified RAM holds the model, after the OS takes its share.</summary>
public sealed record RamFit(decimal SizeGiB, bool Fits, decimal SpareGiB)
{
    /// <summary>Fits with less than <see cref="HardwareEstimator.TightShare"/> of the RAM spare (see <see cref="GpuFit.IsTight"/>).</summary>
    public bool IsTight => Fits && SpareGiB < SizeGiB * HardwareEstimator.TightShare;
}
