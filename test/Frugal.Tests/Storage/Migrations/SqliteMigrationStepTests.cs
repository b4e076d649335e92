using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Accounting;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Tests.Storage.Migrations;

/// <summary>One test per shipped step, and the rules every step follows.</summary>
public sealed class SqliteMigrationStepTests
{
    /// <summary>
    /// SHA-256 of every shipped step (CRLF folded to LF). A step is never edited once shipped: files out there carry its
    /// number and will not run it again. A schema change is a NEW file, Migrations/&lt;Schema&gt;/NNNN_name.sql, whose hash
    /// is added here (with a test of the step below).
    /// </summary>
    private static readonly Dictionary<string, string> Shipped = new(StringComparer.Ordinal)
    {
        ["Ledger/0001_initial"] = "2daaa8312db2f2a9c82cffd01492d158f673fc1b7c8c784c82c1d8b03210f890",
        ["Ledger/0002_feedback_voids_saving"] = "2c59f4e35c863b1ffc57e111b172616fdbabf9f1741e16521c939c4d17ad3f9d",
        ["Ledger/0003_prompt_cache"] = "49f33ba682b32d7f4206a62340f4c4e7d4c022e0e8376cc272011846f0e8d35b",
        ["Ledger/0004_compression"] = "e2f77a64f7146252bc83dad5b65d2304e6aeff5cd31cf24fb714e4b7a57f81f3",
        ["Ledger/0005_prompt_cache_rollups"] = "25bacf1777c1e93ea3692e62201d6b92b88de7aac28b28bca696580e5a6a8433",
        ["Ledger/0006_pii"] = "be3ef778e7a6e2e4aa37658385b45b419dcb524d71418dc98d8f042466541187",
        ["Ledger/0007_pii_rollups"] = "1d7fd9d9b5168e42bc4b21dc07d38bebbf143fece4165c6877d701dfbfa72ef9",
        ["Ledger/0009_compression_summary"] = "4c6720a794bac605530558f1cc4704934993e99d9ce66525618fa31bf871c9f3",
        ["Frugal/0001_initial"] = "c873c1c3c23bcadf5c7e9cdce2ef36da2c62f28221db0bdaa45110699f91745f",
        ["Frugal/0002_key_admin"] = "143d6d1a84f80f6e0b83879734f489effa9a0ebf8b2eef543b7100e591fceab4",
        ["Frugal/0003_key_rate_limits"] = "dc56868ef9bfc1f66918328fda567901d1c79a25e638eb442e49fdcd8c61899f",
        ["Cache/0001_initial"] = "b08ec8d818d0d879ee1ca66e78067f0c9629d9337ee5c0cc7580026053139b00",
        ["Ledger/0008_batches"] = "adc787b169c9325d1240a9fab53032fcf4e0673990ea774aca3fdfb9c3efe5a3",
        ["Batch/0001_initial"] = "a47213097faa38637959db3f34e05de25dc9aa990d97ff6a133af3ae5e4bcb81",
        ["Deferral/0001_initial"] = "e5e1245321be4a49b00cef453e800a7f15b855c859992c6a2dc4021d8bee9dac",
    };

    private readonly string _directory = SqliteFixtures.NewDirectory();

    public static TheoryData<string, int> EverySteps()
    {
        var data = new TheoryData<string, int>();
        foreach (var schema in SqliteSchemas.All)
        {
            foreach (var step in schema.Steps)
            {
                data.Add(schema.Name, step.Version);
            }
        }

        return data;
    }

    [Fact]
    public void Shipped_steps_are_never_edited_and_every_step_is_listed()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var schema in SqliteSchemas.All)
        {
            foreach (var step in schema.Steps)
            {
                var text = step.Sql.Replace("\r\n", "\n", StringComparison.Ordinal);
                found[$"{schema.Name}/{step}"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            }
        }

        foreach (var (name, hash) in Shipped)
        {
            Assert.True(found.TryGetValue(name, out var now), $"shipped step {name} was removed: steps are never deleted or renumbered");
            Assert.True(hash == now, $"shipped step {name} was edited (SHA-256 {now}): write a new numbered step instead");
        }

        foreach (var name in found.Keys.Except(Shipped.Keys))
        {
            Assert.Fail($"step {name} (SHA-256 {found[name]}) is not in {nameof(Shipped)}: add it there once it is final, with a test of the step");
        }
    }

    [Theory]
    [MemberData(nameof(EverySteps))]
    public void Each_step_applies_to_what_the_step_before_left(string schemaName, int version)
    {
        var schema = SqliteSchemas.All.Single(s => s.Name == schemaName);
        var path = Path.Combine(_directory, $"{schemaName}-{version}.db");
        if (version > 1)
        {
            SqliteMigrator.Migrate(new SqliteDatabase(path), new SqliteSchema(schema.Name, schema.ApplicationId, [.. schema.Steps.Take(version - 1)]));
        }

        var upTo = new SqliteSchema(schema.Name, schema.ApplicationId, [.. schema.Steps.Take(version)]);

        Assert.Equal(version - 1, SqliteMigrator.Migrate(new SqliteDatabase(path), upTo));
        Assert.Equal(version, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
    }

    [Theory]
    [InlineData("Ledger", "ledger ledger_latency_hourly ledger_rollup_hourly router_labels")]
    [InlineData("Frugal", "budget_alert_marks budget_alerts budget_definitions budget_resets budget_spend_source virtual_keys")]
    [InlineData("Cache", "cache_entries semantic_log")]
    [InlineData("Batch", "batch_attempts batch_files batch_jobs batch_lines")]
    [InlineData("Deferral", "deferred_calls")]
    public void Step_1_creates_the_tables_its_file_owns(string schemaName, string tables)
    {
        var schema = SqliteSchemas.All.Single(s => s.Name == schemaName);
        var path = Path.Combine(_directory, schemaName + ".db");
        var first = new SqliteSchema(schema.Name, schema.ApplicationId, [schema.Steps[0]]);

        SqliteMigrator.Migrate(new SqliteDatabase(path), first);

        var database = new SqliteDatabase(path);
        var created = SqliteFixtures.Shape(database).Where(l => l.StartsWith("table ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1].TrimEnd(':')).Distinct();
        Assert.Equal(tables.Split(' '), created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Step_1_run_again_on_a_file_that_has_its_tables_changes_nothing()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        foreach (var schema in SqliteSchemas.All)
        {
            var file = Path.Combine(directory, schema.Name.ToLowerInvariant() + ".db");
            if (!File.Exists(file))
            {
                continue; // a database file newer than the v0 fixture (batches.db, deferral.db): nothing was there to adopt
            }

            var database = new SqliteDatabase(file);
            var before = SqliteFixtures.Shape(database);
            using (var connection = database.Open())
            {
                SqliteDatabase.Execute(connection, schema.Steps[0].Sql);
            }

            Assert.Equal(before, SqliteFixtures.Shape(database));
        }
    }

    [Fact]
    public void The_ledger_schema_has_a_column_for_every_saving_reason()
    {
        var path = Path.Combine(_directory, "ledger.db");
        new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger);

        foreach (var reason in Enum.GetValues<SavingReason>())
        {
            var column = SqliteLedgerStore.SavingColumn(reason);
            foreach (var table in new[] { "ledger", "ledger_rollup_hourly" })
            {
                Assert.True(SqliteFixtures.Scalar(path, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'") == 1,
                    $"{table} has no {column}: a new saving reason needs a migration step adding the column (ALTER TABLE … ADD COLUMN … NOT NULL DEFAULT 0)");
            }
        }
    }

    /// <summary>
    /// The shape of the next ledger change (not shipped: issue #13 leaves the feedback fix for later): keeping the exact
    /// cache entry key on the ledger row is one step, and an existing ledger keeps every row.
    /// </summary>
    [Fact]
    public void A_new_ledger_column_is_one_step_and_keeps_every_row()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var next = SqliteSchemas.Ledger.LatestVersion + 1;
        var withCacheKey = new SqliteSchema("Ledger", SqliteSchemas.Ledger.ApplicationId,
        [
            .. SqliteSchemas.Ledger.Steps,
            new SqliteMigration(next, "ledger_cache_key", "ALTER TABLE ledger ADD COLUMN cache_key TEXT;"),
        ]);

        Assert.Equal(0, SqliteMigrator.Migrate(new SqliteDatabase(path), withCacheKey));

        Assert.Equal(next, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE cache_key IS NULL"));
        Assert.Throws<SqliteSchemaException>(() => new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger)); // and today's build refuses it
    }

    [Fact]
    public void Ledger_step_2_marks_no_existing_row_and_voids_no_saving()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");

        new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger);

        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE feedback IS NULL AND saving_voided_nusd = 0"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger_rollup_hourly WHERE saving_voided_nusd <> 0"));
    }

    /// <summary>Step 4 (compression, issue #17) adds its three nullable columns to a file written before it and keeps every row.</summary>
    [Fact]
    public void Step_4_adds_the_compression_columns_and_keeps_every_row()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var upToCompression = new SqliteSchema("Ledger", SqliteSchemas.Ledger.ApplicationId, [.. SqliteSchemas.Ledger.Steps.Where(s => s.Version <= 4)]);

        SqliteMigrator.Migrate(new SqliteDatabase(path), upToCompression);

        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE compression_tokens_before IS NULL AND compression_tokens_after IS NULL AND compressed_request_body IS NULL"));
    }

    /// <summary>Step 8 (compression summary, issue #17) adds its nullable cost column to a file written before it and keeps every row.</summary>
    [Fact]
    public void Step_8_adds_the_compression_summary_column_and_keeps_every_row()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        SqliteMigrator.Migrate(new SqliteDatabase(path), SqliteSchemas.Ledger); // every step: the lead renumbers this one at merge

        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger WHERE compression_summary_nusd IS NULL"));
    }
}
