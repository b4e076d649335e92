using System.Diagnostics.CodeAnalysis;

namespace Frugal.Core.Accounting.Reports;

/// <summary>Builds a <see cref="ReportQuery"/> from the user's words (<c>--since 7d --by model</c>), with a helpful message when they are off.</summary>
public static class ReportQueries
{
    public static bool TryCreate(string? since, string? by, TimeProvider time, [NotNullWhen(true)] out ReportQuery? query, [NotNullWhen(false)] out string? problem)
    {
        query = null;
        var window = TimeSpan.FromDays(7);
        if (!string.IsNullOrEmpty(since) && !Durations.TryParse(since, out window))
        {
            problem = $"'since' must be {Durations.Help}, not '{since}'.";
            return false;
        }

        var dimension = ReportDimension.Total;
        if (!string.IsNullOrEmpty(by) && !Enum.TryParse(by, ignoreCase: true, out dimension))
        {
            problem = $"'by' must be one of model, provider, key, team, tag, day, hour, endpoint, prefix, total; not '{by}'.";
            return false;
        }

        var now = time.GetUtcNow();
        query = new ReportQuery(now - window, now.AddSeconds(1), dimension);
        problem = null;
        return true;
    }
}
