using Frugal.Storage.Sqlite;
using Frugal.Tools.Routing;

namespace Frugal.Cli.Commands;

/// <summary>
/// Shadow labels from ledger.db as training rows for <c>frugal router train --from-ledger</c>. A label
/// says whether the judge found the weak answer good enough; the strong answer was the judge's
/// reference, so it counts as correct: "strong needed" is then exactly "the weak answer was not good enough".
/// </summary>
public static class LedgerLabels
{
    public static (IReadOnlyList<RouterExample> Examples, string Weak, string Strong) Load(string dataDir, string? route)
    {
        var path = Path.Combine(dataDir, "ledger.db");
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"No ledger at '{path}'. Give --data-dir (or --config) of a gateway that ran shadow labelling.");
        }

        var labels = new SqliteRouterLabelStore(new SqliteDatabase(path)).ReadAsync(route, CancellationToken.None).GetAwaiter().GetResult();
        if (labels.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no router labels{(route is null ? string.Empty : $" for route '{route}'")}. Configure \"shadow\" on a route and let traffic flow.");
        }

        var examples = labels.Select(l => new RouterExample(l.Prompt, WeakCorrect: l.WeakGoodEnough, StrongCorrect: true)).ToList();
        var weak = MostCommon(labels.Select(l => l.WeakModel));
        var strong = MostCommon(labels.Select(l => l.StrongModel));
        return (examples, weak, strong);
    }

    private static string MostCommon(IEnumerable<string> names)
        => names.GroupBy(n => n, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
