using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Frugal.MockUpstream;

/// <summary>JSON fragments shared by the OpenAI non-stream and stream writers.</summary>
internal static class OpenAiJson
{
    public const string Fingerprint = "fp_mock";

    public static void WriteUsage(Utf8JsonWriter w, ReplyPlan plan)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", plan.PromptTokens);
        w.WriteNumber("completion_tokens", plan.CompletionTokens);
        w.WriteNumber("total_tokens", plan.TotalTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", plan.CachedTokens);
        w.WriteNumber("audio_tokens", 0);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", plan.ReasoningTokens);
        w.WriteNumber("audio_tokens", 0);
        w.WriteNumber("accepted_prediction_tokens", 0);
        w.WriteNumber("rejected_prediction_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary><c>"logprobs":{"content":[...]}</c> for tokens [first, first+count); a fixed logprob keeps output deterministic.</summary>
    public static void WriteLogprobs(Utf8JsonWriter w, IReadOnlyList<EncodedToken> tokens, int first, int count)
    {
        w.WriteStartObject("logprobs");
        w.WriteStartArray("content");
        for (var i = first; i < first + count; i++)
        {
            var token = tokens[i].Value;
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WriteNumber("logprob", -0.01);
            w.WriteStartArray("bytes");
            foreach (var b in Encoding.UTF8.GetBytes(token))
            {
                w.WriteNumberValue(b);
            }

            w.WriteEndArray();
            w.WriteStartArray("top_logprobs");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteToolCall(Utf8JsonWriter w, ChoicePlan choice, bool streamDelta)
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        if (streamDelta)
        {
            w.WriteNumber("index", 0);
        }

        w.WriteString("id", choice.ToolCallId);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", choice.ToolName);
        w.WriteString("arguments", streamDelta ? string.Empty : choice.Arguments);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
