using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>
/// A JSON response built in memory with <see cref="Utf8JsonWriter"/> and sent with a Content-Length.
/// Hand-written JSON (no reflection serializer) keeps the mock cheap enough to be a load-test baseline.
/// </summary>
internal sealed class JsonBody : IDisposable
{
    /// <summary>Relaxed escaping: providers send non-ASCII text as raw UTF-8, not \uXXXX.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public JsonBody() => Writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public Utf8JsonWriter Writer { get; }

    public async Task SendAsync(HttpContext context, int status = StatusCodes.Status200OK)
    {
        Writer.Flush();
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = _buffer.WrittenCount;
        await response.Body.WriteAsync(_buffer.WrittenMemory, context.RequestAborted);
    }

    public void Dispose() => Writer.Dispose();
}
