namespace Frugal.Tools.SelfHosting;

/// <summary>A weight format and the average bits each weight takes on disk and in memory, scales included.</summary>
public sealed record QuantLevel(string Name, decimal BitsPerWeight, string Note);
