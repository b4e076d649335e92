using System.ClientModel;
using Frugal.Core.Admission;
using Frugal.Storage.Sqlite;
using Frugal.Tests.Infrastructure;
using OpenAI.Chat;
using static Frugal.Tests.Functional.CacheTestHelpers;

namespace Frugal.Tests.Functional;

/// <summary>Keys mode: tenants never see each other's entries unless config names a shared namespace.</summary>
public sealed class CacheTenantTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private SqliteKeyStore _store = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: """
            , "cache": { "enabled": true, "namespace": "team",
                         "keys": { "crm-a": { "namespace": "crm" }, "crm-b": { "namespace": "crm" }, "no-cache-key": { "enabled": false } } }
            """);
        _store = new SqliteKeyStore(new SqliteDatabase(Path.Combine(_gateway.DataDir, "frugal.db")));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<string> KeyAsync(string name, string? team)
        => (await VirtualKeys.CreateAsync(_store, name, team, [], TimeProvider.System, CancellationToken.None)).Key;

    private async Task<string> AskAsync(string key, string prompt)
    {
        var result = await _gateway.ChatClient("gpt-4o-mini", key).CompleteChatAsync([new UserChatMessage(prompt)]);
        return Outcome(result);
    }

    [Fact]
    public async Task Keys_of_different_tenants_never_share_entries()
    {
        var alice = await KeyAsync("alice", team: null);
        var bob = await KeyAsync("bob", team: null);

        Assert.Equal("miss", await AskAsync(alice, "tenant-1 What is our refund policy?"));
        Assert.Equal("miss", await AskAsync(bob, "tenant-1 What is our refund policy?"));
        Assert.Equal("hit", await AskAsync(alice, "tenant-1 What is our refund policy?"));
        Assert.Equal("hit", await AskAsync(bob, "tenant-1 What is our refund policy?"));
        Assert.Equal(2, UpstreamCalls(_gateway, "tenant-1"));
    }

    [Fact]
    public async Task Team_mode_shares_within_a_team_only()
    {
        var ml1 = await KeyAsync("ml-1", "ml");
        var ml2 = await KeyAsync("ml-2", "ml");
        var sales = await KeyAsync("sales-1", "sales");

        Assert.Equal("miss", await AskAsync(ml1, "tenant-2 summarise the quarter"));
        Assert.Equal("hit", await AskAsync(ml2, "tenant-2 summarise the quarter"));
        Assert.Equal("miss", await AskAsync(sales, "tenant-2 summarise the quarter"));
        Assert.Equal(2, UpstreamCalls(_gateway, "tenant-2"));
    }

    [Fact]
    public async Task Keys_naming_the_same_shared_namespace_share_and_a_key_can_be_switched_off()
    {
        var a = await KeyAsync("crm-a", "team-a");
        var b = await KeyAsync("crm-b", "team-b");
        var off = await KeyAsync("no-cache-key", "team-a");

        Assert.Equal("miss", await AskAsync(a, "tenant-3 draft a follow-up"));
        Assert.Equal("hit", await AskAsync(b, "tenant-3 draft a follow-up"));
        Assert.Equal("bypass", await AskAsync(off, "tenant-3 draft a follow-up"));
        Assert.Equal(2, UpstreamCalls(_gateway, "tenant-3"));
    }
}
