using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Frugal.Tests.Deferral;

/// <summary>A real HTTP listener on 127.0.0.1 that answers with the given statuses in turn (then 200) and records each delivery.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses;
    private readonly Task _loop;

    public WebhookReceiver(params int[] statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/deferred/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = _statuses.TryDequeue(out var next) ? next : 200;
            Deliveries.Enqueue(new Delivery(
                body.ToArray(),
                context.Request.Headers["x-frugal-timestamp"],
                context.Request.Headers["x-frugal-signature"],
                context.Request.Headers["x-frugal-deferred-id"],
                context.Request.ContentType,
                status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    public sealed record Delivery(byte[] Body, string? Timestamp, string? Signature, string? DeferredId, string? ContentType, int AnsweredWith);
}
