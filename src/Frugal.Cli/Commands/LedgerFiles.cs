using Frugal.Core.Configuration;
using Frugal.Storage.Sqlite;

namespace Frugal.Cli.Commands;

/// <summary>Opens the ledger of a config's data directory for the report and estimate commands.</summary>
public static class LedgerFiles
{
    public static SqliteLedgerReader OpenReader(GatewayConfig config)
        => new(new SqliteLedgerStore(new SqliteDatabase(Path.Combine(config.DataDir, "ledger.db"))));
}
