using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Frugal.Tests.Hosting;

/// <summary>
/// A tiny real HTTP forward proxy on 127.0.0.1: records the first request line of every connection (absolute-form,
/// "POST http://host:port/path HTTP/1.1", as clients send to a proxy) and pipes the connection to one fixed target
/// (MockUpstream), whatever host the request names — so an upstream at a name that does not resolve is reachable
/// only through this proxy.
/// </summary>
public sealed class ForwardProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ForwardProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>The first request line of each proxied connection.</summary>
    public ConcurrentQueue<string> RequestLines { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                var downstream = client.GetStream();
                var head = new MemoryStream();
                var buffer = new byte[8192];
                while (!EndsHead(head))
                {
                    var read = await downstream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Write(buffer, 0, read);
                }

                var text = Encoding.ASCII.GetString(head.GetBuffer(), 0, (int)head.Length);
                RequestLines.Enqueue(text[..text.IndexOf("\r\n", StringComparison.Ordinal)]);
                await upstream.ConnectAsync(_target, _stop.Token);
                var upstreamStream = upstream.GetStream();
                await upstreamStream.WriteAsync(head.GetBuffer().AsMemory(0, (int)head.Length), _stop.Token);
                var up = downstream.CopyToAsync(upstreamStream, _stop.Token);
                var down = upstreamStream.CopyToAsync(downstream, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A side closed: the connection is over.
            }
        }
    }

    private static bool EndsHead(MemoryStream head)
        => head.Length >= 4 && head.GetBuffer().AsSpan(0, (int)head.Length).IndexOf("\r\n\r\n"u8) >= 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
