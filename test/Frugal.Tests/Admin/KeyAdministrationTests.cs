using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Storage.Sqlite;
using Frugal.Storage.Sqlite.Migrations;
using Frugal.Tests.Storage.Migrations;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Admin;

/// <summary>
/// The rules of <see cref="KeyAdministration"/> on a real frugal.db, and Frugal step 0002 on a file written before it:
/// legacy duplicate names survive the migration, keep working, and make <c>revoke NAME</c> an error naming them.
/// </summary>
public sealed class KeyAdministrationTests
{
    private readonly string _directory = SqliteFixtures.NewDirectory();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Step_0002_keeps_legacy_duplicate_names_and_revoke_by_name_lists_the_candidates()
    {
        var path = Path.Combine(_directory, "frugal.db");
        var frugal = SqliteSchemas.Frugal;
        SqliteMigrator.Migrate(new SqliteDatabase(path), new SqliteSchema(frugal.Name, frugal.ApplicationId, [frugal.Steps[0]]));
        SqliteFixtures.Execute(path, """
            INSERT INTO virtual_keys (id, key_hash, name, team, tags, prefix, created_at, revoked_at) VALUES
              ('key_a', 'h1', 'crm', NULL, '[]', 'fk-aaaaaa…', '2026-01-01T00:00:00.0000000+00:00', NULL),
              ('key_b', 'h2', 'crm', NULL, '[]', 'fk-bbbbbb…', '2026-01-02T00:00:00.0000000+00:00', NULL),
              ('key_c', 'h3', 'crm', NULL, '[]', 'fk-cccccc…', '2026-01-03T00:00:00.0000000+00:00', '2026-02-01T00:00:00.0000000+00:00'),
              ('key_d', 'h4', 'solo', NULL, '[]', 'fk-dddddd…', '2026-01-04T00:00:00.0000000+00:00', NULL);
            """);

        var store = new SqliteKeyStore(new SqliteDatabase(path)); // migrates to the latest step
        Assert.Equal(frugal.Steps.Count, SqliteFixtures.Scalar(path, "PRAGMA user_version"));
        Assert.Equal(2, SqliteFixtures.Scalar(path, "SELECT COUNT(*) FROM virtual_keys WHERE legacy_duplicate = 1"));
        Assert.NotNull(await store.FindByHashAsync("h1", CancellationToken.None)); // both still authenticate
        var keys = new KeyAdministration(store, _clock);

        var ambiguous = await keys.RevokeByIdOrNameAsync("crm", CancellationToken.None);
        Assert.False(ambiguous.IsSuccess);
        Assert.Equal(409, ambiguous.Error.StatusCode);
        Assert.Equal("ambiguous_key_name", ambiguous.Error.Code);
        Assert.Contains("key_a, key_b", ambiguous.Error.Message, StringComparison.Ordinal);
        Assert.Null((await store.FindByIdAsync("key_a", CancellationToken.None))!.RevokedAt); // nothing revoked

        var taken = await keys.CreateAsync(new KeySpec("crm"), CancellationToken.None);
        Assert.Equal("key_name_taken", taken.Error!.Code); // a legacy duplicate still holds the name

        Assert.True((await keys.RevokeByIdOrNameAsync("key_a", CancellationToken.None)).IsSuccess); // by id always works
        var byName = await keys.RevokeByIdOrNameAsync("crm", CancellationToken.None); // now only key_b has the name
        Assert.Equal("key_b", byName.Value!.Key.Id);
        Assert.True((await keys.CreateAsync(new KeySpec("crm"), CancellationToken.None)).IsSuccess);
        Assert.Equal("key_not_found", (await keys.RevokeByIdOrNameAsync("nobody", CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task The_unique_index_stops_a_second_active_key_with_a_name_even_past_the_check()
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_directory, "frugal.db")));
        var keys = new KeyAdministration(store, _clock);
        Assert.True((await keys.CreateAsync(new KeySpec("ops"), CancellationToken.None)).IsSuccess);

        // As if two creations had raced past the name check: the store itself refuses.
        var twin = new VirtualKeyRecord(VirtualKeys.NewId(), "ops", null, [], "fk-x…", _clock.GetUtcNow(), null);
        await Assert.ThrowsAsync<KeyNameTakenException>(() => store.AddAsync(twin, "another-hash", CancellationToken.None));
    }

    [Fact]
    public async Task Update_keeps_what_it_is_not_given_and_refuses_a_revoked_key()
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_directory, "frugal.db")));
        var keys = new KeyAdministration(store, _clock);
        var created = (await keys.CreateAsync(new KeySpec("etl") { Team = "data", Tags = ["a", "a", "b"], AllowedModels = ["gpt-4o-mini"] }, CancellationToken.None)).Value!;
        var id = created.Details.Key.Id;
        Assert.Equal(["a", "b"], created.Details.Key.Tags); // duplicates dropped, order kept

        var expires = _clock.GetUtcNow().AddDays(30);
        var updated = (await keys.UpdateAsync(id, new KeyChanges { SetsExpiry = true, ExpiresAt = expires }, CancellationToken.None)).Value!;
        Assert.Equal(("data", expires), (updated.Key.Team, updated.Key.ExpiresAt));
        Assert.Equal(["gpt-4o-mini"], (await store.FindByIdAsync(id, CancellationToken.None))!.AllowedModels);

        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal("expired", (await keys.GetAsync(id, CancellationToken.None)).Value!.Status);

        await keys.RevokeAsync(id, CancellationToken.None);
        var refused = await keys.UpdateAsync(id, new KeyChanges { SetsTeam = true, Team = "x" }, CancellationToken.None);
        Assert.Equal(("key_revoked", 409), (refused.Error!.Code, refused.Error.StatusCode));
    }

    [Fact]
    public async Task A_revocation_or_update_through_administration_holds_from_the_next_request_despite_the_key_cache()
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_directory, "frugal.db")));
        var authenticator = new KeyAuthenticator(new AuthConfig { KeyCacheDuration = TimeSpan.FromHours(1) }, store, _clock);
        var keys = new KeyAdministration(store, _clock, keysChanged: authenticator.ForgetCachedKeys);
        var created = (await keys.CreateAsync(new KeySpec("cached"), CancellationToken.None)).Value!;
        var header = "Bearer " + created.Secret;
        Assert.True((await authenticator.AuthenticateAsync(header, CancellationToken.None)).IsSuccess); // now cached for an hour

        await keys.UpdateAsync(created.Details.Key.Id, new KeyChanges { AllowedModels = ["gpt-4o-mini"] }, CancellationToken.None);
        var tenant = await authenticator.AuthenticateAsync(header, CancellationToken.None);
        Assert.True(tenant.Value!.AllowedModels!.Contains("gpt-4o-mini"));

        await keys.RevokeAsync(created.Details.Key.Id, CancellationToken.None);
        var refused = await authenticator.AuthenticateAsync(header, CancellationToken.None);
        Assert.Equal("This API key has been revoked.", refused.Error!.Message);
    }

    [Fact]
    public async Task Expiry_and_allowed_models_add_no_allocation_to_a_cached_authentication()
    {
        var store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_directory, "frugal.db")));
        var authenticator = new KeyAuthenticator(new AuthConfig { KeyCacheDuration = TimeSpan.FromHours(1) }, store, _clock);
        var keys = new KeyAdministration(store, _clock);
        var plain = (await keys.CreateAsync(new KeySpec("plain"), CancellationToken.None)).Value!.Secret;
        var limited = (await keys.CreateAsync(new KeySpec("limited") { ExpiresAt = _clock.GetUtcNow().AddDays(1), AllowedModels = ["gpt-4o-mini", "auto"] }, CancellationToken.None)).Value!.Secret;

        var plainBytes = await BytesPerCallAsync(authenticator, "Bearer " + plain);
        var limitedBytes = await BytesPerCallAsync(authenticator, "Bearer " + limited);

        Assert.Equal(plainBytes, limitedBytes); // the expiry comparison and the set lookup allocate nothing
    }

    /// <summary>Bytes allocated per cached authentication plus the intake's allowed-model check (after a warm-up that fills the cache).</summary>
    private static async Task<long> BytesPerCallAsync(KeyAuthenticator authenticator, string header)
    {
        const int Calls = 2_000;
        await authenticator.AuthenticateAsync(header, CancellationToken.None);
        var allowedSeen = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            var tenant = await authenticator.AuthenticateAsync(header, CancellationToken.None);
            if (tenant.Value!.AllowedModels is not { } allowed || allowed.Contains("gpt-4o-mini"))
            {
                allowedSeen++;
            }
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        Assert.Equal(Calls, allowedSeen);
        return bytes;
    }
}
