using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>
/// Writes Server-Sent Events one frame at a time and flushes each, so a client (or gateway) sees every
/// chunk when it is produced — that is what time-to-first-token and abort tests depend on.
/// </summary>
internal sealed class SseWriter : IDisposable
{
    private readonly HttpResponse _response;
    private readonly CancellationToken _aborted;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _json;

    public SseWriter(HttpContext context)
    {
        _response = context.Response;
        _aborted = context.RequestAborted;
        _json = new Utf8JsonWriter(_buffer, JsonBody.WriterOptions);
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream";
        _response.Headers.CacheControl = "no-cache";
    }

    /// <summary>Starts a frame (<c>event: NAME\n</c> when named, then <c>data: </c>); write one JSON value, then call <see cref="EndAsync"/>.</summary>
    /// <summary>The writer of the frame being built (same instance <see cref="Begin"/> returned).</summary>
    public Utf8JsonWriter Json => _json;

    public Utf8JsonWriter Begin(string? eventName = null)
    {
        _buffer.ResetWrittenCount();
        if (eventName is not null)
        {
            Append("event: ");
            Append(eventName);
            Append("\n");
        }

        Append("data: ");
        _json.Reset(_buffer);
        return _json;
    }

    public Task EndAsync()
    {
        _json.Flush();
        Append("\n\n");
        return SendAsync();
    }

    /// <summary>Sends text exactly as given (used for [DONE] and deliberately broken frames).</summary>
    public Task RawAsync(string frame)
    {
        _buffer.ResetWrittenCount();
        Append(frame);
        return SendAsync();
    }

    public void Dispose() => _json.Dispose();

    private async Task SendAsync()
    {
        // Stop as soon as the client is gone instead of writing into a dead connection.
        _aborted.ThrowIfCancellationRequested();
        await _response.Body.WriteAsync(_buffer.WrittenMemory, _aborted);
        await _response.Body.FlushAsync(_aborted);
    }

    private void Append(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
