namespace Frugal.Tools.SelfHosting;

/// <summary>A GPU model and its memory. Vendors' "24 GB" cards carry 24 GiB, so capacities are in GiB.</summary>
public sealed record GpuCard(string Name, decimal MemoryGiB);
