using System.Text.Json;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Migrations;

namespace Frugal.Tests.Storage.Migrations;

/// <summary>
/// Databases written by main before schema versions existed (Fixtures/Sqlite/v0, see its README) open with today's
/// code, are stamped with the latest version, and read back exactly what the old code read from them.
/// </summary>
public sealed class SqliteFixtureUpgradeTests
{
    [Fact]
    public async Task Unversioned_files_are_adopted_and_every_reader_returns_what_main_returned()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        foreach (var file in SqliteFixtures.Files)
        {
            Assert.Equal(0, SqliteFixtures.Scalar(Path.Combine(directory, file), "PRAGMA user_version"));
        }

        var actual = await FixtureReadout.ReadAsync(directory);

        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "expected.json")));
        using var now = JsonDocument.Parse(actual);
        var compared = 0;
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            Assert.True(now.RootElement.TryGetProperty(property.Name, out var value), $"the readout lost '{property.Name}'");
            AssertContains(property.Value, value, property.Name);
            compared++;
        }

        Assert.True(compared > 20, $"only {compared} readouts compared");
        Assert.Equal(SqliteSchemas.Ledger.LatestVersion, SqliteFixtures.Scalar(Path.Combine(directory, "ledger.db"), "PRAGMA user_version"));
        Assert.Equal(SqliteSchemas.Frugal.LatestVersion, SqliteFixtures.Scalar(Path.Combine(directory, "frugal.db"), "PRAGMA user_version"));
        Assert.Equal(SqliteSchemas.Cache.LatestVersion, SqliteFixtures.Scalar(Path.Combine(directory, "cache.db"), "PRAGMA user_version"));
        Assert.Equal(SqliteSchemas.Ledger.ApplicationId, SqliteFixtures.Scalar(Path.Combine(directory, "ledger.db"), "PRAGMA application_id"));
    }

    [Fact]
    public void The_fixture_holds_the_varied_rows_the_upgrade_test_relies_on()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var ledger = Path.Combine(directory, "ledger.db");
        Assert.Equal(320, SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM ledger"));
        Assert.True(SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM ledger WHERE endpoint = 'evaluation'") >= 10);
        Assert.True(SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM ledger WHERE cost_nusd IS NULL") >= 10);
        Assert.True(SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM ledger WHERE status >= 400") >= 10);
        Assert.True(SqliteFixtures.Scalar(ledger, "SELECT COUNT(DISTINCT cache_outcome) FROM ledger") == 5);
        Assert.True(SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM ledger_rollup_hourly") > 0);
        Assert.Equal(24, SqliteFixtures.Scalar(ledger, "SELECT COUNT(*) FROM router_labels"));
        Assert.Equal(4, SqliteFixtures.Scalar(Path.Combine(directory, "frugal.db"), "SELECT COUNT(*) FROM virtual_keys"));
        Assert.Equal(13, SqliteFixtures.Scalar(Path.Combine(directory, "frugal.db"), "SELECT COUNT(*) FROM budget_alerts"));
        Assert.Equal(40, SqliteFixtures.Scalar(Path.Combine(directory, "cache.db"), "SELECT COUNT(*) FROM cache_entries"));
        Assert.Equal(30, SqliteFixtures.Scalar(Path.Combine(directory, "cache.db"), "SELECT COUNT(*) FROM semantic_log"));
    }

    [Fact]
    public void An_adopted_file_has_the_same_tables_columns_and_indexes_as_a_new_one()
    {
        var old = SqliteFixtures.CopyOf("v0");
        var fresh = SqliteFixtures.NewDirectory();
        foreach (var schema in SqliteSchemas.All)
        {
            var file = schema.Name.ToLowerInvariant() + ".db";
            var adopted = new SqliteDatabase(Path.Combine(old, file));
            adopted.EnsureSchema(schema);
            var created = new SqliteDatabase(Path.Combine(fresh, file));
            created.EnsureSchema(schema);

            var expected = SqliteFixtures.Shape(created);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, SqliteFixtures.Shape(adopted));
        }
    }

    [Fact]
    public void Opening_an_adopted_ledger_keeps_its_rollups_and_rebuilds_none()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var before = SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) + SUM(requests) FROM ledger_rollup_hourly");

        using (new SqliteLedgerStore(new SqliteDatabase(path)))
        {
        }

        Assert.Equal(before, SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) + SUM(requests) FROM ledger_rollup_hourly"));
        Assert.Equal(SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) FROM ledger"), SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) FROM ledger_rollup_hourly WHERE dim = 'model'"));
    }

    [Fact]
    public void An_unversioned_ledger_without_rollups_is_still_backfilled_at_open()
    {
        var directory = SqliteFixtures.CopyOf("v0");
        var path = Path.Combine(directory, "ledger.db");
        var expected = SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger_rollup_hourly");
        SqliteFixtures.Execute(path, "DROP TABLE ledger_rollup_hourly; DROP TABLE ledger_latency_hourly;");

        using (new SqliteLedgerStore(new SqliteDatabase(path)))
        {
        }

        Assert.Equal(expected, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM ledger_rollup_hourly"));
        Assert.Equal(SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) FROM ledger"), SqliteFixtures.Scalar(path, "SELECT SUM(cost_nusd) FROM ledger_rollup_hourly WHERE dim = 'model'"));
    }

    /// <summary>Everything <paramref name="expected"/> holds is in <paramref name="actual"/> with the same value; new properties may be added.</summary>
    private static void AssertContains(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} {Short(expected)}, got {actual.ValueKind} {Short(actual)}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expected.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing");
                    AssertContains(property.Value, value, $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} items expected, {actual.GetArrayLength()} read");
                var i = 0;
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    AssertContains(e, a, $"{path}[{i++}]");
                }

                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: expected {expected.GetRawText()}, read {actual.GetRawText()}");
                break;
        }
    }

    private static string Short(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
