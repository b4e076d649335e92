namespace Frugal.Core.Accounting.Reports;

/// <summary>One recorded call's usage and cost, for re-pricing real traffic on another model.</summary>
public readonly record struct UsageRow(string? Model, TokenUsage Usage, decimal? CostUsd, bool Batched);
