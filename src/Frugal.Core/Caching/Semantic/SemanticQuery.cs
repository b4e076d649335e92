using System.Text.Json;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Caching.Semantic;

/// <summary>
/// What the semantic cache compares: the last user message's text, within a context key that fixes
/// everything else (namespace, model, system prompt, earlier turns, tools, parameters).
/// </summary>
public sealed class SemanticQuery
{
    private SemanticQuery(string contextKey, string text)
    {
        ContextKey = contextKey;
        Text = text;
    }

    public string ContextKey { get; }

    public string Text { get; }

    /// <summary>Set by the first lookup so a miss that is then stored is embedded once.</summary>
    public float[]? Vector { get; set; }

    /// <summary>
    /// Null when the request has no plain-text last user turn (a tool result, an image, audio):
    /// two such turns with the same words can still need different answers.
    /// </summary>
    public static SemanticQuery? From(GatewayRequest request, string cacheNamespace)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Chat is not { Messages: { Count: > 0 } messages } chat)
        {
            return null;
        }

        var last = messages[^1];
        if (last.Role != "user" || last.ToolCalls is { Count: > 0 } || !IsPlainText(last.Content))
        {
            return null;
        }

        var text = last.TextContent().Trim();
        return text.Length == 0 ? null : new SemanticQuery(CacheKeyBuilder.ContextKey(cacheNamespace, chat), text);
    }

    private static bool IsPlainText(JsonElement? content)
    {
        if (content is not { } value)
        {
            return false;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var part in value.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text")
            {
                return false;
            }
        }

        return true;
    }
}
