using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Frugal.Core.Routing.Learned;

/// <summary>
/// Keeps each learned route's recent-score window (<see cref="StrongShareController"/>) across
/// restarts, as one small JSON file per route in <c>&lt;dataDir&gt;/router-share/</c>.
/// </summary>
/// <remarks>
/// A file rather than a table in frugal.db: the window is a few kilobytes of derived, rebuildable
/// state owned by one route and one model — losing it only means a warm start from the trained
/// threshold again — so it needs no schema step, no migration ordering with other features, and
/// no database on the request path. Writes go to a temporary file that is then renamed over the
/// old one, so a crash leaves the previous window or the new one, never half a file. A file
/// written for another model (its <see cref="LearnedRouterModel.ScoreFingerprint"/> differs), or
/// one that cannot be read, is ignored. One gateway process per data directory, as for the ledger.
/// </remarks>
public sealed class RouterShareStore
{
    public const string FormatVersion = "frugal-router-share/1";

    private readonly string _directory;

    public RouterShareStore(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        _directory = Path.Combine(dataDir, "router-share");
    }

    /// <summary>The file of <paramref name="route"/> (its name hashed: route names may hold characters no file name may).</summary>
    public string PathOf(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route)).AsSpan(0, 8));
        return Path.Combine(_directory, $"share-{hash}.json");
    }

    /// <summary>Restores <paramref name="controller"/> from the route's file when it was written for the same model; true when it was.</summary>
    public bool TryRestore(string route, string modelFingerprint, StrongShareController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        RouterShareDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(File.ReadAllText(PathOf(route)), RouterShareJsonContext.Default.RouterShareDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }

        if (document is not { Format: FormatVersion, Scores: { } scores } || document.Route != route || document.Model != modelFingerprint)
        {
            return false;
        }

        controller.Restore(scores, document.LiveScores);
        return true;
    }

    public void Save(string route, string modelFingerprint, StrongShareController controller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var (scores, live) = controller.Snapshot();
        var document = new RouterShareDocument
        {
            Format = FormatVersion,
            Route = route,
            Model = modelFingerprint,
            TargetShare = controller.TargetShare,
            LiveScores = live,
            SavedAt = now,
            Scores = scores,
        };
        Directory.CreateDirectory(_directory);
        var path = PathOf(route);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, RouterShareJsonContext.Default.RouterShareDocument));
        File.Move(temporary, path, overwrite: true);
    }
}
