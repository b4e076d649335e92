namespace Frugal.Tools.SelfHosting;

/// <summary>Common inference GPUs, smallest memory first, and the RAM sizes of CPU and unified-memory machines.</summary>
public static class GpuTable
{
    public static IReadOnlyList<GpuCard> Cards { get; } =
    [
        new("RTX 3060 12 GB", 12m),
        new("RTX 4060 Ti 16 GB", 16m),
        new("RTX 3090 24 GB", 24m),
        new("RTX 4090 24 GB", 24m),
        new("L4 24 GB", 24m),
        new("A10G 24 GB", 24m),
        new("RTX 5090 32 GB", 32m),
        new("A100 40 GB", 40m),
        new("L40S 48 GB", 48m),
        new("A100 80 GB", 80m),
        new("H100 80 GB", 80m),
        new("H200 141 GB", 141m),
        new("MI300X 192 GB", 192m),
    ];

    /// <summary>System RAM (llama.cpp on CPU) or unified memory (Apple silicon, AMD Strix Halo), in GiB.</summary>
    public static IReadOnlyList<decimal> RamSizesGiB { get; } = [16m, 32m, 64m, 128m, 192m, 256m, 512m];
}
