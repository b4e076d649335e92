using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>A gateway with the exact cache on (memory backend), shared by <see cref="ExactCacheTests"/>.</summary>
public sealed class ExactCacheFixture : IAsyncLifetime
{
    /// <summary>The cache section these tests run with (also used by the TTL test's own gateway).</summary>
    public const string CacheJson = """, "cache": { "enabled": true, "ttlSeconds": 600, "models": { "azure-gpt-4o": { "enabled": false } } }""";

    public TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
        => Gateway = await TestGateway.StartAsync(extraJson: CacheJson);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
