using System.Buffers;
using System.Text.Json;

namespace Frugal.Providers.OpenAICompatible.Batch;

/// <summary>
/// Puts the upstream model into a line's request body without re-serialising it: the top-level
/// <c>"model"</c> value is found with a reader and only that span is replaced (or the property is added
/// after the opening brace), so fields Frugal does not know pass through byte for byte. Insignificant
/// line breaks become spaces, because the body must fit on one JSONL line (inside JSON strings a line
/// break is always escaped, so no text changes).
/// </summary>
public static class BatchModelRewriter
{
    /// <summary>Writes the rewritten body to <paramref name="output"/>; false when the body is not a JSON object.</summary>
    public static bool TryWrite(ReadOnlySpan<byte> body, ReadOnlySpan<byte> modelJson, IBufferWriter<byte> output)
    {
        if (!TryFindModel(body, out var start, out var end, out var objectStart))
        {
            return false;
        }

        if (start < 0)
        {
            // No model: add it first, right after the '{'.
            WriteOneLine(body[..(objectStart + 1)], output);
            output.Write("\"model\":"u8);
            output.Write(modelJson);
            var rest = body[(objectStart + 1)..];
            if (!IsEmptyObjectRest(rest))
            {
                output.Write(","u8);
            }

            WriteOneLine(rest, output);
            return true;
        }

        WriteOneLine(body[..start], output);
        output.Write(modelJson);
        WriteOneLine(body[end..], output);
        return true;
    }

    /// <summary>The model as a JSON string token (escaped).</summary>
    public static byte[] ModelJson(string model) => JsonSerializer.SerializeToUtf8Bytes(model, Frugal.Protocol.Json.ProtocolJson.Context.String);

    private static bool TryFindModel(ReadOnlySpan<byte> body, out int start, out int end, out int objectStart)
    {
        start = end = objectStart = -1;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = Frugal.Protocol.Json.ProtocolJson.MaxRequestDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            objectStart = (int)reader.TokenStartIndex;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isModel)
                {
                    start = valueStart;
                    end = (int)reader.BytesConsumed;
                }
            }

            // The rest must be well-formed too: read to the end.
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsEmptyObjectRest(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b == (byte)'}';
            }
        }

        return false;
    }

    private static void WriteOneLine(ReadOnlySpan<byte> part, IBufferWriter<byte> output)
    {
        while (!part.IsEmpty)
        {
            var lineBreak = part.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineBreak < 0)
            {
                output.Write(part);
                return;
            }

            output.Write(part[..lineBreak]);
            output.Write(" "u8);
            part = part[(lineBreak + 1)..];
        }
    }
}
