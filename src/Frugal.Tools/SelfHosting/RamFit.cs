namespace Frugal.Tools.SelfHosting;

/// <summary>Whether a machine with this much system or unified RAM holds the model, after the OS takes its share.</summary>
public sealed record RamFit(decimal SizeGiB, bool Fits, decimal SpareGiB);
