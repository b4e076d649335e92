using System.Net;
using System.Text.Json;

namespace Frugal.Providers.Anthropic.Batch;

/// <summary>
/// <c>{"requests":[{"custom_id","params"}…]}</c>, written to the request stream as it is sent from the
/// already-encoded params of each line (no second copy of the whole body).
/// </summary>
internal sealed class MessageBatchContent : HttpContent
{
    private const int FlushBytes = 64 * 1024;

    private readonly IReadOnlyList<(string CustomId, byte[] Params)> _requests;

    public MessageBatchContent(IReadOnlyList<(string CustomId, byte[] Params)> requests)
    {
        _requests = requests;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray("requests"u8);
        foreach (var (customId, parameters) in _requests)
        {
            writer.WriteStartObject();
            writer.WriteString("custom_id"u8, customId);
            writer.WritePropertyName("params"u8);
            writer.WriteRawValue(parameters, skipInputValidation: true);
            writer.WriteEndObject();
            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
