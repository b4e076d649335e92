using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Migrations;
using Frugal.Tests.Storage.Migrations;

namespace Frugal.Tests.PromptCache;

/// <summary>Migration step Ledger/0003_prompt_cache: five nullable columns, added to a ledger that keeps its rows.</summary>
public sealed class PromptCacheLedgerStepTests
{
    private static readonly string[] Columns = ["prompt_prefix", "prompt_prefix_tokens", "prompt_cache_min_tokens", "prompt_cache_breakpoints", "prompt_prefix_varying_nusd"];

    [Fact]
    public void The_step_adds_the_prompt_cache_columns_and_an_existing_ledger_keeps_every_row()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var before = SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger");

        new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger);

        Assert.Equal(before, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger"));
        foreach (var column in Columns)
        {
            Assert.Equal(1, SqliteFixtures.Scalar(path, $"SELECT COUNT(*) FROM pragma_table_info('ledger') WHERE name = '{column}'"));
            Assert.Equal(before, SqliteFixtures.Scalar(path, $"SELECT COUNT(*) FROM ledger WHERE {column} IS NULL"));
        }
    }
}
