using System.Text;
using System.Text.Json;

namespace Frugal.Protocol.OpenAI;

/// <summary>Reads the text out of a content value that may be a string or an array of typed parts.</summary>
public static class ContentText
{
    public static string Of(JsonElement? content)
    {
        if (content is not { } value)
        {
            return string.Empty;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString() ?? string.Empty;
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (var part in value.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("text", out var text)
                        && text.ValueKind == JsonValueKind.String)
                    {
                        if (builder.Length > 0)
                        {
                            builder.Append('\n');
                        }

                        builder.Append(text.GetString());
                    }
                }

                return builder.ToString();
            default:
                return string.Empty;
        }
    }
}
