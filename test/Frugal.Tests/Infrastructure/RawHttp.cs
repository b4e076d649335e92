using System.Net.Sockets;
using System.Text;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A client that walks away for certain: a raw socket sends the request, waits for the first
/// bytes of the answer, then resets the connection. (HttpClient may instead drain a response
/// it was asked to drop, which would hide whether the gateway notices the disconnect.)
/// </summary>
public static class RawHttp
{
    public static async Task PostAndAbandonAfterFirstBytesAsync(Uri baseUri, string path, string json)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUri.Host, baseUri.Port);
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var stream = client.GetStream();
        await stream.WriteAsync(head);
        await stream.WriteAsync(body);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, received).Contains("data: ", StringComparison.Ordinal) && received < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(received), timeout.Token);
            if (read == 0)
            {
                break;
            }

            received += read;
        }

        client.Client.LingerState = new LingerOption(true, 0); // close with RST: gone, not politely finishing
        client.Close();
    }
}
