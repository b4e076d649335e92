using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Frugal.Core.Caching;

/// <summary>
/// Writes JSON in one canonical form: object keys sorted (ordinal), nulls dropped, numbers in their
/// shortest round-trip form, no whitespace. Two documents that mean the same thing produce the same bytes.
/// </summary>
internal static class CanonicalJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        properties.Add(property);
                    }
                }

                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>1, 1.0 and 1e0 are one number; integers too large for a double keep their digits.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, JsonElement number)
    {
        if (number.TryGetInt64(out var whole))
        {
            writer.WriteNumberValue(whole);
        }
        else if (number.TryGetDouble(out var real) && double.IsFinite(real))
        {
            if (real == Math.Floor(real) && Math.Abs(real) < 9e15)
            {
                writer.WriteNumberValue((long)real);
            }
            else
            {
                writer.WriteRawValue(real.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        else
        {
            number.WriteTo(writer);
        }
    }

    public static byte[] ToBytes(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
