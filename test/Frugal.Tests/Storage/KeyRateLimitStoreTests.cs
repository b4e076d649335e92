using Frugal.Core.Budgets.Config;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Budgets;
using Frugal.Storage.Sqlite.Migrations;
using Frugal.Tests.Storage.Migrations;

namespace Frugal.Tests.Storage;

/// <summary>Frugal step 0003 (key_rate_limits) and the store over it: per-key run-time rate limits in frugal.db.</summary>
public sealed class KeyRateLimitStoreTests
{
    private readonly string _directory = SqliteFixtures.NewDirectory();

    [Fact]
    public void Step_3_adds_the_key_rate_limits_table_and_keeps_every_key()
    {
        var schema = SqliteSchemas.Frugal;
        var path = Path.Combine(_directory, "frugal.db");
        SqliteMigrator.Migrate(new SqliteDatabase(path), new SqliteSchema(schema.Name, schema.ApplicationId, [.. schema.Steps.Take(2)]));
        SqliteFixtures.Execute(path, "INSERT INTO virtual_keys (id, key_hash, name, tags, prefix, created_at) VALUES ('key_old', 'h', 'old', '[]', 'fk-o…', '2026-01-01T00:00:00Z');");

        SqliteMigrator.Migrate(new SqliteDatabase(path), new SqliteSchema(schema.Name, schema.ApplicationId, [.. schema.Steps.Take(3)]));

        Assert.Equal(3, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(1, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM virtual_keys WHERE id = 'key_old'"));
        Assert.Equal(0, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM key_rate_limits"));
    }

    [Fact]
    public async Task A_rule_round_trips_is_replaced_whole_and_deleted_and_a_hand_edited_zero_is_not_enforced()
    {
        var path = Path.Combine(_directory, "frugal.db");
        var store = new SqliteKeyRateLimitStore(new SqliteDatabase(path));
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);

        await store.UpsertAsync(RateLimitRule.ForKey("key_a", 60, 100_000, 1024), at, CancellationToken.None);
        await store.UpsertAsync(RateLimitRule.ForKey("key_b", null, 10_000_000_000, null), at, CancellationToken.None);
        await store.UpsertAsync(RateLimitRule.ForKey("key_a", 5, null, null), at, CancellationToken.None);

        var rules = await store.ListAsync(CancellationToken.None);
        Assert.Equal([RateLimitRule.ForKey("key_a", 5, null, null), RateLimitRule.ForKey("key_b", null, 10_000_000_000, null)], rules);
        Assert.Equal("runtime-key:key_a", rules[0].Id); // counted apart from a config rule "key:key_a"
        Assert.Equal(BudgetScope.Key, rules[0].Scope);

        Assert.True(await store.DeleteAsync("key_a", CancellationToken.None));
        Assert.False(await store.DeleteAsync("key_a", CancellationToken.None));
        SqliteFixtures.Execute(path, "UPDATE key_rate_limits SET tokens_per_minute = 0 WHERE key_id = 'key_b'");
        Assert.Empty(await store.ListAsync(CancellationToken.None)); // a row limiting nothing positive is skipped, never read as "0 allowed"
    }
}
