namespace Frugal.Tools.SelfHosting;

/// <summary>How many of one GPU model a deployment needs.</summary>
public sealed record GpuFit(GpuCard Card, int CardsNeeded)
{
    public bool FitsOnOne => CardsNeeded == 1;

    /// <summary>Memory left on the card when the deployment fits on one (0 otherwise).</summary>
    public decimal SpareGiB { get; init; }

    /// <summary>
    /// Fits on one card with less than <see cref="HardwareEstimator.TightShare"/> of it spare: any growth (longer
    /// context, a bigger batch, a runtime update) stops it loading, so it is not shown as a plain fit.
    /// </summary>
    public bool IsTight => FitsOnOne && SpareGiB < Card.MemoryGiB * HardwareEstimator.TightShare;

    /// <summary>
    /// vLLM, SGLang and TGI split attention heads evenly, so tensor-parallel sizes are powers of two
    /// in practice (llama.cpp's layer split takes any count).
    /// </summary>
    public int TensorParallelCards => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)CardsNeeded);

    /// <summary>More than the 8 GPUs one server holds: needs multi-node serving.</summary>
    public bool MultiNode => CardsNeeded > 8;
}
