using System.Net;
using System.Net.Sockets;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A loopback port bound but not listening: connections to it are refused, and no other test (or a redis-server it
/// starts) can take it while the socket lives. A port merely closed again can be reused at once — and a
/// redis-server without a password accepts a client that sends one, so an "unreachable" test would talk to it.
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Dispose() => _socket.Dispose();
}
