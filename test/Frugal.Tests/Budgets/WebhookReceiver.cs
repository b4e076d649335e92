using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Budgets;

/// <summary>A tiny HTTP server on 127.0.0.1 that records every POSTed JSON body (the alert webhook's receiver).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<JsonElement> Posts { get; } = new();

    /// <summary>
    /// Waits (bounded) until at least <paramref name="count"/>() posts arrived. The count is a function so a test can
    /// wait for every alert the gateway counted when it fired (the alert metric is incremented as the alert is queued):
    /// a duplicate POST then shows as more posts than counted alerts, without a fixed grace period.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(Func<int> count, int timeoutMs = 10_000)
    {
        await Eventually.UntilAsync(() => Posts.Count >= count(), TimeSpan.FromMilliseconds(timeoutMs));
        return [.. Posts];
    }

    private async Task ReceiveAsync()
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

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                if (context.Request.HttpMethod == "POST" && context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
                {
                    Posts.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
                }
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
