using System.Net;
using System.Net.Sockets;
using Frugal.Server;

namespace Frugal.Tests.Hosting;

public sealed class StartupErrorTests
{
    [Fact]
    public async Task A_busy_port_is_a_one_line_startup_exception_naming_the_address()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var dataDir = HostedGateway.NewDataDir();

        var error = await Assert.ThrowsAsync<GatewayStartupException>(() => HostedGateway.StartAsync(HostedGateway.Config(dataDir), dataDir, urls: [$"http://127.0.0.1:{port}"]));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Kestrels_own_bind_failure_is_translated_too_for_a_port_taken_after_the_probe()
    {
        using var server = new Frugal.Server.Hosting.StartupFailureServer(new BindFailingServer());
        var error = await Assert.ThrowsAsync<GatewayStartupException>(() => server.StartAsync(new NoApplication(), CancellationToken.None));
        Assert.StartsWith("Failed to bind to address http://127.0.0.1:9: address already in use", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>What Kestrel throws when the port went busy between the probe and its bind.</summary>
    private sealed class BindFailingServer : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
            => throw new IOException("Failed to bind to address http://127.0.0.1:9: address already in use.", new Microsoft.AspNetCore.Connections.AddressInUseException("Address already in use"));

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private sealed class NoApplication : Microsoft.AspNetCore.Hosting.Server.IHttpApplication<object>
    {
        public object CreateContext(Microsoft.AspNetCore.Http.Features.IFeatureCollection contextFeatures) => new();

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }

    [Fact]
    public void A_data_directory_that_cannot_be_created_is_a_startup_exception()
    {
        // Tests run as root here, so permissions prove nothing: a directory under a regular FILE fails for root too.
        var file = Path.GetTempFileName();
        try
        {
            var dataDir = Path.Combine(file, "data");
            var error = Assert.Throws<GatewayStartupException>(() => HostedGateway.Build(HostedGateway.Config(dataDir)));
            Assert.Contains(dataDir, error.Message, StringComparison.Ordinal);
            Assert.Contains("not writable", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_writable_data_directory_is_created_and_left_without_the_probe_file()
    {
        var dataDir = HostedGateway.NewDataDir();
        await using var gateway = await HostedGateway.StartAsync(HostedGateway.Config(dataDir), dataDir);
        Assert.True(Directory.Exists(dataDir));
        Assert.Empty(Directory.GetFiles(dataDir, ".frugal-write-probe-*"));
    }
}
