using System.Buffers;
using System.Net;
using System.Text.Json;
using Frugal.Core.Batching;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>
/// The JSONL input file, written to the upload as it is sent (one line in memory at a time, not the
/// whole file): <c>{"custom_id","method":"POST","url","body"}</c> per line, the body's model replaced by
/// <see cref="BatchModelRewriter"/>. Lines were checked before the upload started (<see cref="FirstInvalidLine"/>).
/// </summary>
internal sealed class BatchInputContent : HttpContent
{
    private readonly IReadOnlyList<ProviderBatchLine> _lines;
    private readonly string _url;
    private readonly byte[] _modelJson;

    public BatchInputContent(IReadOnlyList<ProviderBatchLine> lines, string url, string upstreamModel)
    {
        _lines = lines;
        _url = url;
        _modelJson = BatchModelRewriter.ModelJson(upstreamModel);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/jsonl");
    }

    /// <summary>The index of the first line whose body is not a JSON object, or -1.</summary>
    public int FirstInvalidLine()
    {
        var scratch = new ArrayBufferWriter<byte>(4096);
        for (var i = 0; i < _lines.Count; i++)
        {
            scratch.ResetWrittenCount();
            if (!BatchModelRewriter.TryWrite(_lines[i].Body.Span, _modelJson, scratch))
            {
                return i;
            }
        }

        return -1;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>(16 * 1024);
        var body = new ArrayBufferWriter<byte>(16 * 1024);
        foreach (var item in _lines)
        {
            line.ResetWrittenCount();
            body.ResetWrittenCount();
            BatchModelRewriter.TryWrite(item.Body.Span, _modelJson, body);
            using (var writer = new Utf8JsonWriter(line, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id"u8, item.CustomId);
                writer.WriteString("method"u8, "POST"u8);
                writer.WriteString("url"u8, _url);
                writer.WritePropertyName("body"u8);
                writer.WriteRawValue(body.WrittenSpan, skipInputValidation: true);
                writer.WriteEndObject();
            }

            line.Write("\n"u8);
            await stream.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
