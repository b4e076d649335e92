namespace Frugal.Core.Accounting.Dashboard;

/// <summary>One row of a top-N table; <paramref name="Label"/> is a display name (a key's name) when it differs from the id.</summary>
public sealed record DashboardRanking(string Name, string? Label, long Requests, decimal CostUsd, decimal SavedUsd);
