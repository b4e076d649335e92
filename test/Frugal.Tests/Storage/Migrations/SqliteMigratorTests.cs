using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Tests.Storage.Migrations;

public sealed class SqliteMigratorTests
{
    private static readonly SqliteMigration Accounts = new(1, "accounts", "CREATE TABLE IF NOT EXISTS accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");

    private readonly string _directory = SqliteFixtures.NewDirectory();

    [Fact]
    public void A_new_file_gets_every_step_and_the_latest_version()
    {
        foreach (var schema in SqliteSchemas.All)
        {
            var path = Path.Combine(_directory, schema.Name + ".db");
            var database = new SqliteDatabase(path);

            Assert.Equal(0, SqliteMigrator.Migrate(database, schema));

            Assert.Equal(schema.LatestVersion, SqliteMigrator.VersionOf(database));
            Assert.Equal(schema.ApplicationId, SqliteFixtures.Scalar(path, "PRAGMA application_id"));
            Assert.Equal(schema.LatestVersion, SqliteMigrator.Migrate(database, schema)); // a second open has nothing to do
        }
    }

    [Fact]
    public void A_file_newer_than_this_build_is_refused_and_left_as_it_is()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger);
        var newer = SqliteSchemas.Ledger.LatestVersion + 1;
        SqliteFixtures.Execute(path, $"PRAGMA user_version = {newer}");

        var error = Assert.Throws<SqliteSchemaException>(() => new SqliteLedgerStore(new SqliteDatabase(path)));

        Assert.Contains($"schema version {newer}, newer than the {SqliteSchemas.Ledger.LatestVersion} this Frugal build knows", error.Message, StringComparison.Ordinal);
        Assert.Contains("never downgraded", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(newer, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger"));
    }

    [Fact]
    public void A_file_of_another_schema_is_refused()
    {
        var path = Path.Combine(_directory, "cache.db");
        _ = new SqliteCacheStore(new SqliteDatabase(path), TimeProvider.System);

        var error = Assert.Throws<SqliteSchemaException>(() => new SqliteKeyStore(new SqliteDatabase(path)));

        Assert.Contains("holds Frugal's Cache schema, not the Frugal schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_versioned_file_without_an_application_id_is_not_taken_over()
    {
        var path = Path.Combine(_directory, "other.db");
        SqliteFixtures.Execute(path, "CREATE TABLE other (x); PRAGMA user_version = 3;");

        var error = Assert.Throws<SqliteSchemaException>(() => new SqliteDatabase(path).EnsureSchema(SqliteSchemas.Ledger));

        Assert.Contains("does not hold Frugal's Ledger schema (application_id 0, user_version 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_failing_halfway_leaves_the_old_version_and_every_earlier_change_undone()
    {
        var path = Path.Combine(_directory, "accounts.db");
        var database = new SqliteDatabase(path);
        database.EnsureSchema(new SqliteSchema("Accounts", 0x41434354, [Accounts]));
        SqliteFixtures.Execute(path, "INSERT INTO accounts (name) VALUES ('kept');");
        var upgrade = new SqliteSchema("Accounts", 0x41434354,
        [
            Accounts,
            new SqliteMigration(2, "email", "ALTER TABLE accounts ADD COLUMN email TEXT; UPDATE accounts SET email = 'x';"),
            new SqliteMigration(3, "broken", "CREATE TABLE audit (id INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ]);

        var error = Assert.Throws<SqliteSchemaException>(() => SqliteMigrator.Migrate(new SqliteDatabase(path), upgrade));

        Assert.Contains("step 0003_broken of the Accounts schema failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("stays at version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM pragma_table_info('accounts') WHERE name = 'email'"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit'"));
        Assert.Equal(1, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM accounts WHERE name = 'kept'"));
    }

    [Fact]
    public void A_failing_step_on_an_unversioned_ledger_leaves_it_unversioned_and_whole()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var broken = new SqliteSchema("Ledger", SqliteSchemas.Ledger.ApplicationId,
            [.. SqliteSchemas.Ledger.Steps, new SqliteMigration(SqliteSchemas.Ledger.LatestVersion + 1, "broken", "DELETE FROM ledger; SELECT * FROM missing;")]);

        Assert.Throws<SqliteSchemaException>(() => SqliteMigrator.Migrate(new SqliteDatabase(path), broken));

        Assert.Equal(0, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "PRAGMA application_id"));
        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger"));
        Assert.Equal(0, SqliteMigrator.Migrate(new SqliteDatabase(path), SqliteSchemas.Ledger)); // and the real steps still adopt it
        Assert.Equal(SqliteSchemas.Ledger.LatestVersion, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
    }

    [Fact]
    public void An_unversioned_file_missing_a_column_is_refused_not_stamped()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        SqliteFixtures.Execute(path, "ALTER TABLE ledger DROP COLUMN ttft_ms;");

        var error = Assert.Throws<SqliteSchemaException>(() => new SqliteLedgerStore(new SqliteDatabase(path)));

        Assert.Contains("was written before schema versions and lacks ledger.ttft_ms REAL", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "PRAGMA application_id"));
        Assert.Equal(320, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger"));
    }

    [Fact]
    public async Task Processes_opening_one_file_at_once_migrate_it_once()
    {
        var path = Path.Combine(_directory, "ledger.db");
        using var start = new ManualResetEventSlim();
        var opens = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var database = new SqliteDatabase(path); // one instance each, as separate processes would have
            start.Wait();
            return SqliteMigrator.Migrate(database, SqliteSchemas.Ledger);
        })).ToArray();
        start.Set();

        var versionsFound = await Task.WhenAll(opens);

        Assert.Single(versionsFound, v => v == 0);
        Assert.Equal(SqliteSchemas.Ledger.LatestVersion, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
    }

    [Fact]
    public void Steps_must_be_numbered_from_one_without_gaps()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteSchema("Gap", 7, [Accounts, new SqliteMigration(3, "skipped_two", "SELECT 1;")]));

        Assert.Contains("should be number 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_database_instance_serves_one_schema()
    {
        var database = new SqliteDatabase(Path.Combine(_directory, "ledger.db"));
        database.EnsureSchema(SqliteSchemas.Ledger);

        Assert.Throws<SqliteSchemaException>(() => database.EnsureSchema(SqliteSchemas.Cache));
    }
}
