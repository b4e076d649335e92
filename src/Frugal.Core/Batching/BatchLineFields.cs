using System.Text.Json;

namespace Frugal.Core.Batching;

/// <summary>
/// The fields of one batch input line (<c>{"custom_id","method","url","body":{"model",…}}</c>) read with one
/// <see cref="Utf8JsonReader"/> pass, which also proves the whole line is valid JSON. Nothing but these strings is
/// allocated; the body is located by byte offsets so it can be stored without re-serialising it.
/// </summary>
public readonly record struct BatchLineFields(string? CustomId, string? Method, string? Url, string? Model, int BodyStart, int BodyLength, string? Error)
{
    public static BatchLineFields Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        string? customId = null, method = null, url = null, model = null, error = null;
        int bodyStart = -1, bodyLength = 0;
        var customIdSeen = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Failed("is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                var escaped = reader.ValueIsEscaped;
                var key = escaped ? reader.GetString() : null;
                reader.Read();
                if (Is(name, key, "custom_id"u8))
                {
                    customIdSeen = true;
                    customId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (customId is null)
                    {
                        error ??= "custom_id must be a string";
                    }
                }
                else if (Is(name, key, "method"u8))
                {
                    method = reader.TokenType != JsonTokenType.String ? "" : reader.ValueTextEquals("POST"u8) ? "POST" : reader.GetString();
                }
                else if (Is(name, key, "url"u8))
                {
                    url = reader.TokenType != JsonTokenType.String ? ""
                        : reader.ValueTextEquals("/v1/chat/completions"u8) ? BatchEndpoints.ChatCompletions
                        : reader.ValueTextEquals("/v1/embeddings"u8) ? BatchEndpoints.Embeddings
                        : reader.GetString(); // the usual values without a string per line
                }
                else if (Is(name, key, "body"u8))
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        error ??= "body must be a JSON object";
                        reader.Skip();
                        continue;
                    }

                    bodyStart = (int)reader.TokenStartIndex;
                    model = ReadModel(ref reader);
                    bodyLength = (int)reader.BytesConsumed - bodyStart;
                    continue;
                }

                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Failed("is not one JSON object");
            }
        }
        catch (JsonException ex)
        {
            return Failed("invalid JSON (" + FirstSentence(ex.Message) + ")");
        }

        if (!customIdSeen)
        {
            error ??= "missing custom_id";
        }
        else if (customId is { Length: 0 })
        {
            error ??= "custom_id must not be empty";
        }

        if (bodyStart < 0)
        {
            error ??= "missing body";
        }
        else if (model is null)
        {
            error ??= "body.model must be a string naming the model";
        }

        return new BatchLineFields(customId, method, url, model, bodyStart, bodyLength, error);
    }

    /// <summary>The <c>model</c> of a request body on its own (deferral's lines), or why the body is not a request: null + error.</summary>
    public static string? BodyModel(ReadOnlySpan<byte> body, out string? error)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "body must be a JSON object";
                return null;
            }

            var model = ReadModel(ref reader);
            if (reader.Read())
            {
                error = "body is not one JSON object";
                return null;
            }

            error = model is null ? "body.model must be a string naming the model" : null;
            return model;
        }
        catch (JsonException ex)
        {
            error = "invalid JSON (" + FirstSentence(ex.Message) + ")";
            return null;
        }
    }

    /// <summary>Reads a request body object (the reader on its StartObject) to its end; returns its top-level <c>model</c> string.</summary>
    private static string? ReadModel(ref Utf8JsonReader reader)
    {
        string? model = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (isModel && reader.TokenType == JsonTokenType.String)
            {
                model = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return model;
    }

    private static bool Is(ReadOnlySpan<byte> raw, string? unescaped, ReadOnlySpan<byte> expected)
        => unescaped is null ? raw.SequenceEqual(expected) : System.Text.Encoding.UTF8.GetByteCount(unescaped) == expected.Length && System.Text.Encoding.UTF8.GetBytes(unescaped).AsSpan().SequenceEqual(expected);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    private static BatchLineFields Failed(string error) => new(null, null, null, null, -1, 0, error);
}
