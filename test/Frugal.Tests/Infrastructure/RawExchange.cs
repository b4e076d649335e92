using System.Net.Sockets;
using System.Text;

namespace Frugal.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 exchange over a socket, for requests HttpClient will not send (broken chunked
/// framing, a body trickled byte by byte, bytes after a lying Content-Length). Every wait is bounded.
/// </summary>
public sealed class RawExchange : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawExchange(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawExchange> ConnectAsync(Uri baseUri)
    {
        var client = new TcpClient();
        await client.ConnectAsync(baseUri.Host, baseUri.Port);
        return new RawExchange(client);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Half-closes: the server sees the end of the request stream but can still answer.</summary>
    public void EndSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>True when the server has sent something (or closed) without blocking.</summary>
    public bool HasAnswered => _client.Available > 0 || (_client.Client.Poll(0, SelectMode.SelectRead) && _client.Available == 0);

    /// <summary>Reads until the response head and its Content-Length body are in, or the server closes, or the time is up.</summary>
    public async Task<RawResponse> ReadResponseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            while (!RawResponse.IsComplete(buffer.ToArray()))
            {
                var read = await _stream.ReadAsync(chunk, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // reset or timed out: whatever arrived is the answer
        }

        return RawResponse.Parse(buffer.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A response as it came off the wire: status, headers (lower-cased names) and body text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string Raw)
{
    public static bool IsComplete(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var parsed = Parse(bytes);
        return parsed.Headers.TryGetValue("content-length", out var length) && Encoding.UTF8.GetByteCount(parsed.Body) >= int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return new RawResponse(0, new Dictionary<string, string>(), string.Empty, text);
        }

        var lines = text[..end].Split("\r\n");
        var status = lines[0].Split(' ') is { Length: >= 2 } parts && int.TryParse(parts[1], out var code) ? code : 0;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        return new RawResponse(status, headers, text[(end + 4)..], text);
    }
}
