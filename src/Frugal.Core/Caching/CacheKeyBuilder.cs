using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Caching;

/// <summary>
/// Cache keys: a version, then the SHA-256 of the tenant namespace and a canonical form of the
/// request (fields classified in <see cref="CacheKeyFields"/>, keys sorted, defaults dropped, no
/// whitespace). Bump <see cref="Version"/> whenever the canonical form changes, so old entries are
/// simply never found instead of being served for a request they were not made for.
/// </summary>
public static class CacheKeyBuilder
{
    public const string Version = "v1";

    /// <summary>Prefix of semantic-cache context keys (everything but the last user message).</summary>
    public const string ContextVersion = "ctx1";

    private static readonly Dictionary<string, byte[]> CanonicalDefaults = BuildDefaults();

    /// <summary>The exact-cache key of <paramref name="request"/> in <paramref name="cacheNamespace"/>.</summary>
    public static string ExactKey(string cacheNamespace, ChatCompletionRequest request)
        => Hash(Version, cacheNamespace, Canonical(request, withoutLastMessage: false));

    /// <summary>
    /// The semantic cache's context key: the same canonical form without the last message (the user
    /// turn that gets embedded). Only entries with an equal context key are ever compared.
    /// </summary>
    public static string ContextKey(string cacheNamespace, ChatCompletionRequest request)
        => Hash(ContextVersion, cacheNamespace, Canonical(request, withoutLastMessage: true));

    /// <summary>The canonical bytes that are hashed (exposed for tests and for explaining a key).</summary>
    public static byte[] Canonical(ChatCompletionRequest request, bool withoutLastMessage)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(request, ProtocolJson.Context.ChatCompletionRequest));
        var root = document.RootElement;
        var hasTools = root.TryGetProperty("tools", out var toolsValue) && toolsValue.ValueKind == JsonValueKind.Array && toolsValue.GetArrayLength() > 0;

        var properties = new List<JsonProperty>();
        foreach (var property in root.EnumerateObject())
        {
            if (Keeps(property, hasTools))
            {
                properties.Add(property);
            }
        }

        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in properties)
            {
                writer.WritePropertyName(property.Name);
                switch (property.Name)
                {
                    case "messages":
                        WriteMessages(writer, property.Value, withoutLastMessage);
                        break;
                    case "stop" when property.Value.ValueKind == JsonValueKind.String:
                        writer.WriteStartArray();
                        writer.WriteStringValue(property.Value.GetString());
                        writer.WriteEndArray();
                        break;
                    default:
                        CanonicalJson.Write(writer, property.Value);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Keeps(JsonProperty property, bool hasTools)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (CacheKeyFields.Request.TryGetValue(property.Name, out var field))
        {
            if (field.Role == CacheKeyRole.Excluded)
            {
                return false;
            }

            if (CanonicalDefaults.TryGetValue(property.Name, out var canonicalDefault) && CanonicalJson.ToBytes(value).AsSpan().SequenceEqual(canonicalDefault))
            {
                return false;
            }
        }
        else if (CacheKeyFields.ExcludedExtensionFields.ContainsKey(property.Name))
        {
            return false;
        }

        return property.Name switch
        {
            "stop" or "tools" => !(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0),
            "tool_choice" => !(value.ValueKind == JsonValueKind.String && value.GetString() == (hasTools ? "auto" : "none")),
            _ => true,
        };
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages, bool withoutLastMessage)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            CanonicalJson.Write(writer, messages);
            return;
        }

        var count = messages.GetArrayLength() - (withoutLastMessage ? 1 : 0);
        writer.WriteStartArray();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (index++ >= count)
            {
                break;
            }

            WriteMessage(writer, message);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            CanonicalJson.Write(writer, message);
            return;
        }

        var properties = new List<JsonProperty>();
        foreach (var property in message.EnumerateObject())
        {
            var empty = property.Value.ValueKind == JsonValueKind.Null
                || (property.Name == "tool_calls" && property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() == 0);
            if (!empty)
            {
                properties.Add(property);
            }
        }

        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        writer.WriteStartObject();
        foreach (var property in properties)
        {
            writer.WritePropertyName(property.Name);
            if (property.Name == "content" && SingleTextPart(property.Value) is { } text)
            {
                writer.WriteStringValue(text);
            }
            else
            {
                CanonicalJson.Write(writer, property.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>[{"type":"text","text":"hi"}] means "hi".</summary>
    private static string? SingleTextPart(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array || content.GetArrayLength() != 1)
        {
            return null;
        }

        var part = content[0];
        if (part.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? text = null;
        foreach (var property in part.EnumerateObject())
        {
            switch (property.Name)
            {
                case "type" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == "text":
                    break;
                case "text" when property.Value.ValueKind == JsonValueKind.String:
                    text = property.Value.GetString();
                    break;
                default:
                    return null; // cache_control or anything else: keep the array as it is
            }
        }

        return part.TryGetProperty("type", out _) ? text : null;
    }

    private static string Hash(string version, string cacheNamespace, byte[] canonical)
    {
        // The namespace goes in with its length, so no namespace can run into the JSON that follows.
        var namespaceBytes = Encoding.UTF8.GetBytes($"{cacheNamespace.Length}:{cacheNamespace}\n");
        var input = new byte[namespaceBytes.Length + canonical.Length];
        namespaceBytes.CopyTo(input, 0);
        canonical.CopyTo(input, namespaceBytes.Length);
        return version + ":" + Convert.ToHexStringLower(SHA256.HashData(input));
    }

    private static Dictionary<string, byte[]> BuildDefaults()
    {
        var defaults = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, field) in CacheKeyFields.Request)
        {
            if (field.DefaultJson is { } json)
            {
                using var document = JsonDocument.Parse(json);
                defaults[name] = CanonicalJson.ToBytes(document.RootElement);
            }
        }

        return defaults;
    }
}
