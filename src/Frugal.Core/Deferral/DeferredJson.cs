using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Frugal.Core.Deferral;

/// <summary>
/// The JSON a client sees about a deferred call: the status object (the 202 at submission and while pending) and the
/// result envelope the webhook posts. Client text (the model name) is written through <see cref="Utf8JsonWriter"/>,
/// so it is escaped; the result body is embedded as the JSON it already is.
/// </summary>
public static class DeferredJson
{
    public const string ObjectName = "deferred";

    public static string Location(string id) => "/v1/deferred/" + id;

    /// <summary><c>{"id","object":"deferred","status","model","created_at","location"[,"batch_id"]}</c>.</summary>
    public static byte[] Status(DeferredCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteHead(writer, call);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The webhook body: the status fields plus <c>"completed_at"</c>, <c>"status_code"</c> (what the synchronous call
    /// would have answered), <c>"cost_usd"</c> (what the line was billed, null when unknown) and <c>"response"</c>
    /// (the chat.completion, or the OpenAI error object).
    /// </summary>
    public static byte[] Envelope(DeferredCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var buffer = new ArrayBufferWriter<byte>(512 + (call.ResultBody?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteHead(writer, call);
            if (call.FinishedAt is { } finished)
            {
                writer.WriteNumber("completed_at", finished.ToUnixTimeSeconds());
            }

            writer.WriteNumber("status_code", call.ResultStatus ?? 0);
            if (call.CostUsd is { } cost)
            {
                writer.WritePropertyName("cost_usd");
                writer.WriteRawValue(cost.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
            }
            else
            {
                writer.WriteNull("cost_usd");
            }

            writer.WritePropertyName("response");
            if (call.ResultBody is { Length: > 0 } body && IsJson(body))
            {
                writer.WriteRawValue(body, skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHead(Utf8JsonWriter writer, DeferredCall call)
    {
        writer.WriteString("id", call.Id);
        writer.WriteString("object", ObjectName);
        writer.WriteString("status", call.PublicStatus);
        writer.WriteString("model", call.Model);
        writer.WriteNumber("created_at", call.CreatedAt.ToUnixTimeSeconds());
        writer.WriteString("location", Location(call.Id));
        if (call.BatchId is { } batch)
        {
            writer.WriteString("batch_id", batch);
        }
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
