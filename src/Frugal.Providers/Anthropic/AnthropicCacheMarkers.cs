using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Checks the <c>cache_control</c> markers of a request bound for Anthropic before it is converted, so a marker
/// Anthropic would reject (or the converter would have to drop) is a 400 naming it, never silently lost: the shape
/// must be <c>{"type":"ephemeral"}</c> with an optional <c>"ttl"</c> of "5m" or "1h"; at most 4 in a request; only on
/// content parts that become blocks (non-empty text, images, tool results) or on tools; and, in prompt order (tools,
/// system, messages), no 1-hour marker after a 5-minute one (Anthropic requires longer TTLs first).
/// </summary>
public static class AnthropicCacheMarkers
{
    public const int MaxMarkers = 4;

    private const string Field = "cache_control";
    private const string Shape = "must be {\"type\":\"ephemeral\"} with an optional \"ttl\" of \"5m\" or \"1h\"";

    public static GatewayError? Validate(ChatCompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new State();
        if (request.Tools is { } tools)
        {
            for (var i = 0; i < tools.Count; i++)
            {
                if (tools[i]?.Extra is { } extra && extra.TryGetValue(Field, out var marker)
                    && Check(marker, $"tools[{i}].cache_control", state) is { } error)
                {
                    return error;
                }
            }
        }

        if (request.Messages is not { } messages)
        {
            return null;
        }

        // System and developer messages become Anthropic's top-level system prompt, which precedes every turn.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var isSystem = message?.Role is "system" or "developer";
                if (message is null || isSystem != (pass == 0))
                {
                    continue;
                }

                if (message.Extra?.ContainsKey(Field) == true)
                {
                    return GatewayError.InvalidRequest(
                        $"messages[{i}].cache_control: a message cannot carry a cache breakpoint; put cache_control on one of its content parts.",
                        $"messages[{i}].cache_control");
                }

                if (CheckContent(message.Content, i, state) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static GatewayError? CheckContent(JsonElement? content, int index, State state)
    {
        if (content is not { ValueKind: JsonValueKind.Array } parts)
        {
            return null;
        }

        var partIndex = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var param = $"messages[{index}].content[{partIndex++}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty(Field, out var marker))
            {
                continue;
            }

            var type = part.TryGetProperty("type", out var typeValue) && typeValue.ValueKind == JsonValueKind.String ? typeValue.GetString() : null;
            var carries = type switch
            {
                "text" => part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 },
                "refusal" => part.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String && refusal.GetString() is { Length: > 0 },
                "image_url" => true,
                _ => false,
            };

            if (!carries)
            {
                return GatewayError.InvalidRequest(
                    $"{param}.cache_control: a '{type}' part{(type is "text" or "refusal" ? " with empty text" : string.Empty)} cannot carry a cache breakpoint (only non-empty text and image parts can).",
                    $"{param}.cache_control");
            }

            if (Check(marker, $"{param}.cache_control", state) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static GatewayError? Check(JsonElement marker, string param, State state)
    {
        if (marker.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest($"{param} {Shape}.", param);
        }

        var oneHour = false;
        var typed = false;
        foreach (var property in marker.EnumerateObject())
        {
            if (property.NameEquals("type") && property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals("ephemeral"))
            {
                typed = true;
            }
            else if (property.NameEquals("ttl") && property.Value.ValueKind == JsonValueKind.String
                && (property.Value.ValueEquals("5m") || property.Value.ValueEquals("1h")))
            {
                oneHour = property.Value.ValueEquals("1h");
            }
            else
            {
                return GatewayError.InvalidRequest($"{param} {Shape}.", param);
            }
        }

        if (!typed)
        {
            return GatewayError.InvalidRequest($"{param} {Shape}.", param);
        }

        if (++state.Count > MaxMarkers)
        {
            return GatewayError.InvalidRequest(
                $"{param}: Anthropic allows at most {MaxMarkers} cache_control breakpoints in a request; this one is the {state.Count}th.",
                param);
        }

        if (oneHour && state.SeenFiveMinutes)
        {
            return GatewayError.InvalidRequest(
                $"{param}: a 1-hour cache breakpoint cannot follow a 5-minute one (Anthropic requires longer TTLs first, in the order tools, system, messages).",
                param);
        }

        state.SeenFiveMinutes |= !oneHour;
        return null;
    }

    private sealed class State
    {
        public int Count { get; set; }

        public bool SeenFiveMinutes { get; set; }
    }
}
