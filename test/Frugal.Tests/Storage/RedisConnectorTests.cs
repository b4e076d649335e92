using Frugal.Core.Configuration;
using Frugal.Storage.Redis;
using Frugal.Tests.Infrastructure;
using StackExchange.Redis;

namespace Frugal.Tests.Storage;

public sealed class RedisConnectorTests
{
    [Fact]
    public async Task Keys_carry_the_configured_prefix_on_a_real_server()
    {
        var prefix = RedisTestServer.UniquePrefix();
        await using var connector = new RedisConnector(new RedisConfig { Connection = RedisTestServer.Connection, KeyPrefix = prefix });
        var db = await connector.DatabaseAsync();
        await db.StringSetAsync(connector.Key("probe"), "42");

        Assert.Equal("42", (string?)await db.StringGetAsync(prefix + "probe"));
    }

    [Fact]
    public async Task An_unreachable_server_fails_within_the_timeout_with_a_redis_error()
    {
        await using var connector = new RedisConnector(new RedisConfig { Connection = "127.0.0.1:1", Timeout = TimeSpan.FromMilliseconds(300) });
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<RedisException>(async () => await connector.DatabaseAsync());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }
}
