using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Frugal.Server.Hosting;

/// <summary>
/// Kestrel with its bind failures translated: a busy port surfaces from <c>app.StartAsync()</c> as a
/// <see cref="GatewayStartupException"/> with one line naming the address, for every entry point (serve, demo,
/// tests) alike, instead of an IOException whose stack trace ends the process with exit code 134.
/// </summary>
public sealed class StartupFailureServer(IServer inner) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await inner.StartAsync(application, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AddressInUse(ex) is { } inUse)
        {
            throw new GatewayStartupException($"{inUse.Message.TrimEnd('.')}: another process is listening there; stop it or choose another address with --urls or FRUGAL_URLS.", ex);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException && ex is not GatewayStartupException)
        {
            throw new GatewayStartupException($"Cannot listen: {ex.Message.TrimEnd('.')}.", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    private static Exception? AddressInUse(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is AddressInUseException)
            {
                return ex is IOException ? ex : current;
            }
        }

        return null;
    }
}
