namespace Frugal.Core.Accounting.Dashboard;

/// <summary>One saving reason as the dashboard explains it: its name, whether it is Frugal's own, and its baseline.</summary>
public sealed record DashboardSavingBaseline(string Reason, bool Frugals, decimal SavedUsd, string Baseline);
