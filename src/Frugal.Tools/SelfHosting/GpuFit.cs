namespace Frugal.Tools.SelfHosting;

/// <summary>How many of one GPU model a deployment needs.</summary>
public sealed record GpuFit(GpuCard Card, int CardsNeeded)
{
    public bool FitsOnOne => CardsNeeded == 1;

    /// <summary>
    /// vLLM, SGLang and TGI split attention heads evenly, so tensor-parallel sizes are powers of two
    /// in practice (llama.cpp's layer split takes any count).
    /// </summary>
    public int TensorParallelCards => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)CardsNeeded);

    /// <summary>More than the 8 GPUs one server holds: needs multi-node serving.</summary>
    public bool MultiNode => CardsNeeded > 8;
}
