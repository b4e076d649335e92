using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Frugal.Core.PromptCache;

/// <summary>
/// A JSON value with every object's members in ordinal key order and no whitespace: two tool schemas that differ only
/// in member order or formatting become the same bytes, so the prompt prefix they start stays cacheable. Safe by
/// construction: JSON object members are unordered, and array order, strings and numbers (their exact spelling) are
/// kept. A duplicate key keeps both members, in their original order (a stable sort).
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical form of <paramref name="value"/>, or null when it already is canonical.</summary>
    public static JsonElement? Of(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.SequenceEqual(buffer.WrittenSpan))
        {
            return null;
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var member in value.EnumerateObject())
                {
                    members.Add(member);
                }

                // List.Sort is not stable; order by (name, original index) so duplicate keys keep their order.
                var indexed = new (JsonProperty Member, int Index)[members.Count];
                for (var i = 0; i < members.Count; i++)
                {
                    indexed[i] = (members[i], i);
                }

                Array.Sort(indexed, static (a, b) =>
                {
                    var byName = string.CompareOrdinal(a.Member.Name, b.Member.Name);
                    return byName != 0 ? byName : a.Index.CompareTo(b.Index);
                });
                writer.WriteStartObject();
                foreach (var (member, _) in indexed)
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true); // numbers and strings keep their exact spelling
                break;
        }
    }
}
