using System.Text.Json;

namespace Frugal.Core.PromptCache;

/// <summary>The <c>cache_control</c> marker as clients send it through the OpenAI format (OpenRouter/LiteLLM convention).</summary>
public static class PromptCacheMarkers
{
    public const string CacheControl = "cache_control";

    /// <summary>Markers on the parts of a message's content (a string content carries none).</summary>
    public static int CountInContent(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var count = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty(CacheControl, out _))
            {
                count++;
            }
        }

        return count;
    }
}
