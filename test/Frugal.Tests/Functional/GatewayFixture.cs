using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Functional;

/// <summary>One gateway + MockUpstream shared by the tests of a class (xunit class fixture).</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public TestGateway Gateway { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync() => Gateway = await TestGateway.StartAsync(logs: Logs);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
