using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Frugal.Server.Http;

/// <summary>
/// Gives the answers Kestrel writes by itself — to a malformed request line or header, duplicate
/// Content-Length, an unknown Transfer-Encoding, headers over the limit (431), an unsupported HTTP version
/// (505) — an OpenAI-shaped JSON body. Kestrel refuses those before the application runs and offers no hook
/// to write them, so this connection middleware watches the connection's output instead: Kestrel writes such
/// a response head in one piece, a 4xx/505 with <c>Content-Length: 0</c> and <c>Connection: close</c> and
/// nothing after the blank line, which no answer of the gateway's own ever is (they all carry a JSON body).
/// That one head is rewritten; every other write passes straight through (one length check and a byte compare).
/// An unsupported HTTP version is answered 400, not 505: the request's content must never produce a 5xx.
/// </summary>
public static class KestrelRejections
{
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware { get; } = next => async connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new RewritingPipe(transport);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = transport;
        }
    };

    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1 "u8;

    private static ReadOnlySpan<byte> EmptyBody => "\r\nContent-Length: 0\r\n"u8;

    private static ReadOnlySpan<byte> CloseConnection => "\r\nConnection: close\r\n"u8;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>The replacement for a rejection head, or null when <paramref name="written"/> is anything else.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        // "HTTP/1.1 4xx …" or "HTTP/1.1 505 …", the head ends exactly where the write ends, and it says "no body, closing".
        if (written.Length < 32 || !written.StartsWith(Http11) || !written.EndsWith(EndOfHead)
            || !(written[9] == (byte)'4' || (written[9] == (byte)'5' && written[10] == (byte)'0' && written[11] == (byte)'5'))
            || written.IndexOf(EmptyBody) < 0 || written.IndexOf(CloseConnection) < 0
            || written[..^EndOfHead.Length].IndexOf(EndOfHead) >= 0)
        {
            return null;
        }

        var status = (written[9] - '0') * 100 + (written[10] - '0') * 10 + (written[11] - '0');
        var (answered, reason, code, message) = Describe(status);
        var body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"" + code + "\"}}"; // constants: nothing to escape
        var head = new StringBuilder(256);
        head.Append("HTTP/1.1 ").Append(answered).Append(' ').Append(reason).Append("\r\n");
        foreach (var line in Encoding.ASCII.GetString(written[..^EndOfHead.Length]).Split("\r\n").Skip(1))
        {
            if (!line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                head.Append(line).Append("\r\n");
            }
        }

        head.Append("Content-Type: application/json\r\nContent-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    private static (int Status, string Reason, string Code, string Message) Describe(int status) => status switch
    {
        408 => (408, "Request Timeout", "request_timeout", "The request headers did not arrive in time."),
        413 => (413, "Payload Too Large", "request_too_large", "The request is larger than this gateway accepts."),
        414 => (414, "URI Too Long", "request_uri_too_long", "The request URL is too long."),
        431 => (431, "Request Header Fields Too Large", "request_headers_too_large", "The request headers are larger than this gateway accepts (32 KB in all)."),
        505 => (400, "Bad Request", "unsupported_http_version", "This gateway speaks HTTP/1.1 (and HTTP/1.0); the request named another HTTP version."),
        _ => (status, status == 400 ? "Bad Request" : "Client Error", "invalid_http_request",
            "The request is not valid HTTP: a malformed request line or header, a duplicate Content-Length, or an unsupported Transfer-Encoding."),
    };

    /// <summary>The connection's pipe with its output watched; input untouched.</summary>
    private sealed class RewritingPipe(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;

        public PipeWriter Output { get; } = new RewritingWriter(inner.Output);
    }

    /// <summary>
    /// Hands out the inner writer's memory and, on Advance, looks at what was written into it. Only a rejection
    /// head (see <see cref="Rewrite"/>) is replaced; the inner writer has not seen those bytes yet, so nothing
    /// needs to be taken back.
    /// </summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _lent;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            if (bytes >= 32 && bytes <= _lent.Length && _lent.Span[0] == (byte)'H' && Rewrite(_lent.Span[..bytes]) is { } replacement)
            {
                inner.Write(replacement);
                return;
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
