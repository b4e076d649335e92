namespace Frugal.Tools.SelfHosting;

/// <summary>
/// Sizes the memory a dense model needs to serve (weights + KV cache + runtime overhead) and lists
/// the GPUs and RAM sizes that hold it. A planning estimate, ±10%: it says "one 48 GB card" or
/// "two 24 GB cards", not the last hundred megabytes; measure before buying.
/// </summary>
public static class HardwareEstimator
{
    /// <summary>Bytes in a GiB. Memory is reported in GiB because that is what "24 GB" cards and "64 GB" machines really carry.</summary>
    public const decimal BytesPerGiB = 1024m * 1024m * 1024m;

    /// <summary>
    /// Activations and compute buffers as a share of the weights. llama.cpp's compute buffer for a 70B
    /// model at 8k context is about 1 GiB (≈2.5% of Q4 weights); vLLM's profiled activation peak is
    /// larger. 5% sits between, without making every "2 × 24 GB for a 70B Q4" setup people run look impossible.
    /// </summary>
    public const decimal ActivationShare = 0.05m;

    /// <summary>A fit with less than this share of the memory spare is "tight", not a comfortable fit.</summary>
    public const decimal TightShare = 0.05m;

    /// <summary>CUDA context, cuBLAS workspace and allocator slack that every device pays once.</summary>
    public const decimal RuntimePerDeviceGiB = 0.5m;

    /// <summary>
    /// Share of each card lost when a model is split across several (tensor parallel): communication
    /// buffers, layers that do not split evenly, embeddings kept whole.
    /// </summary>
    public const decimal TensorParallelLoss = 0.05m;

    /// <summary>RAM the operating system and everything else on a CPU or unified-memory machine keep.</summary>
    public const decimal OsReserveGiB = 4m;

    public static HardwareEstimate Estimate(HardwareInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Batch);
        ArgumentNullException.ThrowIfNull(input.KvCache);
        foreach (var dimension in new[] { input.Layers, input.KvHeads, input.HeadDim })
        {
            if (dimension is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(input), dimension, "Layers, KV heads and head dim must be positive.");
            }
        }

        var (shape, estimated) = ResolveShape(input);
        var quants = input.Quant is { } quant ? [quant] : QuantTable.All;
        var kvCache = KvCacheBytes(shape, input.Context, input.Batch, input.KvCache);
        return new HardwareEstimate
        {
            Input = input,
            Shape = shape,
            ShapeEstimated = estimated,
            Estimates = [.. quants.Select(q => ForQuant(q, input.Parameters, kvCache))],
        };
    }

    /// <summary>2 (a key and a value) × layers × KV heads × head dim × tokens × sequences × bytes per element.</summary>
    public static decimal KvCacheBytes(ModelShape shape, int context, int batch, KvCacheFormat format)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(format);
        return 2m * shape.Layers * shape.KvHeads * shape.HeadDim * context * batch * format.BytesPerElement;
    }

    /// <summary>
    /// How many <paramref name="card"/>s hold a deployment whose weights, KV cache and activations take
    /// <paramref name="splittableBytes"/>: one if that plus the runtime fits; otherwise the load is split
    /// evenly and every card pays its own runtime and loses <see cref="TensorParallelLoss"/>.
    /// </summary>
    public static int CardsNeeded(GpuCard card, decimal splittableBytes)
    {
        ArgumentNullException.ThrowIfNull(card);
        var capacity = card.MemoryGiB * BytesPerGiB;
        var runtime = RuntimePerDeviceGiB * BytesPerGiB;
        if (splittableBytes + runtime <= capacity)
        {
            return 1;
        }

        var usablePerCard = (capacity * (1m - TensorParallelLoss)) - runtime;
        return Math.Max(2, (int)Math.Min(int.MaxValue, Math.Ceiling(splittableBytes / usablePerCard)));
    }

    private static MemoryEstimate ForQuant(QuantLevel quant, decimal parameters, decimal kvCache)
    {
        var weights = parameters * quant.BitsPerWeight / 8m;
        var activations = weights * ActivationShare;
        var runtime = RuntimePerDeviceGiB * BytesPerGiB;
        var splittable = weights + kvCache + activations;
        var total = splittable + runtime;
        return new MemoryEstimate
        {
            Quant = quant,
            WeightsBytes = weights,
            KvCacheBytes = kvCache,
            ActivationBytes = activations,
            RuntimeBytes = runtime,
            Gpus = [.. GpuTable.Cards.Select(card => Fit(card, splittable, total))],
            Ram = [.. GpuTable.RamSizesGiB.Select(size => RamFitFor(size, total))],
        };
    }

    private static GpuFit Fit(GpuCard card, decimal splittable, decimal total)
    {
        var cards = CardsNeeded(card, splittable);
        return new GpuFit(card, cards) { SpareGiB = cards == 1 ? card.MemoryGiB - (total / BytesPerGiB) : 0 };
    }

    private static RamFit RamFitFor(decimal sizeGiB, decimal totalBytes)
    {
        var spare = sizeGiB - OsReserveGiB - (totalBytes / BytesPerGiB);
        return new RamFit(sizeGiB, spare >= 0, spare);
    }

    /// <summary>The caller's architecture where given; the rest from the known model nearest in size.</summary>
    private static (ModelShape Shape, bool Estimated) ResolveShape(HardwareInput input)
    {
        if (input is { Layers: { } layers, KvHeads: { } kvHeads, HeadDim: { } headDim })
        {
            return (new ModelShape("given", input.Parameters, layers, kvHeads, headDim), false);
        }

        var nearest = KnownShapes.Nearest(input.Parameters);
        var shape = nearest with
        {
            Layers = input.Layers ?? nearest.Layers,
            KvHeads = input.KvHeads ?? nearest.KvHeads,
            HeadDim = input.HeadDim ?? nearest.HeadDim,
        };
        return (shape, true);
    }
}
