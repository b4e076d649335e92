namespace Frugal.Core.Batching;

/// <summary>What validating an uploaded batch file found: its size, request lines, the one endpoint and model its lines name, and every problem.</summary>
public sealed record BatchFileSummary(long Bytes, int Lines, string? Endpoint, string? Model, BatchFileProblems Problems);
