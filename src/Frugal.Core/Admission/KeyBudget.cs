namespace Frugal.Core.Admission;

/// <summary>A per-key budget as a key is created or updated with it: USD over a window ("daily", "monthly", "rolling:Nd").</summary>
public sealed record KeyBudget(decimal Usd, string? Window);
