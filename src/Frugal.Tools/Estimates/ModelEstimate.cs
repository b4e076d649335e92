namespace Frugal.Tools.Estimates;

/// <summary>What a workload costs on one model. Null costs mean the model has no price.</summary>
public sealed record ModelEstimate(string Model, decimal? PerRequestUsd, decimal? DailyUsd, decimal? MonthlyUsd, decimal? YearlyUsd, string? PriceSource);
