using System.Net;
using System.Net.Sockets;

namespace Frugal.Server.Hosting;

/// <summary>
/// Checks before the host starts that each listen address's port is free, so a busy port is a one-line
/// <see cref="GatewayStartupException"/> and not the generic host's "Hosting failed to start" error with Kestrel's
/// stack trace. Kestrel's own bind failure is still translated (<see cref="StartupFailureServer"/>) for the race
/// where the port is taken between this probe and the bind.
/// </summary>
public static class ListenPorts
{
    public static void EnsureFree(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (Endpoint(url) is not { } endpoint)
            {
                continue; // port 0, a host name or a form Kestrel will judge itself
            }

            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(endpoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new GatewayStartupException($"Cannot listen on {url}: address already in use; another process is listening there; stop it or choose another address with --urls or FRUGAL_URLS.", ex);
            }
            catch (SocketException)
            {
                // Not ours to judge (no IPv6, an address this host does not have): Kestrel reports it, translated.
            }
        }
    }

    private static IPEndPoint? Endpoint(string url)
    {
        var normalised = url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, uri.Port);
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new IPEndPoint(address, uri.Port) : null;
    }
}
