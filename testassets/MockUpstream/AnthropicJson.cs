using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>JSON fragments shared by the Anthropic non-stream and stream writers.</summary>
internal static class AnthropicJson
{
    public static void WriteUsage(Utf8JsonWriter w, ReplyPlan plan, int outputTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", plan.UncachedInputTokens);
        w.WriteNumber("cache_creation_input_tokens", plan.CacheWriteTokens);
        w.WriteNumber("cache_read_input_tokens", plan.CachedTokens);
        if (plan.CacheWriteTokens > 0)
        {
            w.WriteStartObject("cache_creation");
            w.WriteNumber("ephemeral_5m_input_tokens", plan.CacheWriteTokens - plan.CacheWrite1hTokens);
            w.WriteNumber("ephemeral_1h_input_tokens", plan.CacheWrite1hTokens);
            w.WriteEndObject();
        }

        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    }

    /// <summary>Message envelope up to (not including) <c>content</c>.</summary>
    public static void WriteMessageStart(Utf8JsonWriter w, ReplyPlan plan, string model)
    {
        w.WriteString("id", "msg_mock_" + plan.IdSuffix);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", model);
    }
}
