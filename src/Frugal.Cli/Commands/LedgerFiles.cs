using Frugal.Core.Configuration;
using Frugal.Storage.Sqlite;

namespace Frugal.Cli.Commands;

/// <summary>Opens the databases of a config's data directory for the read-only commands (report, estimate, lists).</summary>
public static class LedgerFiles
{
    public const string Ledger = "ledger.db";

    public const string Frugal = "frugal.db";

    /// <summary>The ledger reader; fails with where it looked when the gateway has never written a ledger there.</summary>
    public static SqliteLedgerReader OpenReader(GatewayConfig config)
        => new(new SqliteLedgerStore(new SqliteDatabase(RequireExisting(config, Ledger))));

    /// <summary>
    /// The full path of <paramref name="file"/> in the data directory, only if it exists: opening SQLite on a missing
    /// file would create it (and the directory), and the command would report zeros from the wrong place.
    /// </summary>
    public static string RequireExisting(GatewayConfig config, string file)
    {
        var directory = Path.GetFullPath(config.DataDir);
        var path = Path.Combine(directory, file);
        if (File.Exists(path))
        {
            return path;
        }

        var what = file == Ledger ? "ledger" : "key and budget store";
        var why = Directory.Exists(directory) ? $"{directory} has no {file}" : $"{directory} does not exist";
        throw new ReadOnlyDataMissingException(
            $"no {what} at {path} ({why}) — run 'frugal serve' first, or pass --config with the frugal.json whose dataDir the gateway uses");
    }
}
