using System.Text.Json;
using Frugal.Core.Text;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Budgets;

/// <summary>
/// Counts a request's prompt tokens with o200k (gpt-4o's encoding), the way OpenAI bills them:
/// per message its text, tool calls and name plus 4 tokens of framing, 3 for the reply's priming,
/// the tools' JSON, and 765 per image (a 1024×1024 high-detail image). Text is counted by
/// <see cref="O200kTokenCounter"/>; the count is what a reservation is based on.
/// </summary>
public static class PromptTokenCounter
{
    private const int PerMessage = 4;
    private const int ReplyPriming = 3;
    private const int PerImage = 765;

    public static int Count(string? text) => O200kTokenCounter.Instance.CountTokens(text);

    /// <summary>The longest prefix of <paramref name="text"/> with at most <paramref name="tokens"/> tokens.</summary>
    public static string Prefix(string text, int tokens) => O200kTokenCounter.Instance.Prefix(text, tokens);

    public static long Chat(ChatCompletionRequest chat)
    {
        long tokens = ReplyPriming;
        foreach (var message in chat.Messages ?? [])
        {
            tokens += PerMessage + Count(message.TextContent()) + Count(message.Name) + Count(message.Refusal);
            foreach (var call in message.ToolCalls ?? [])
            {
                tokens += Count(call.Function?.Name) + Count(call.Function?.Arguments) + PerMessage;
            }

            if (message.Content is { ValueKind: JsonValueKind.Array } parts)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueEquals("image_url"u8))
                    {
                        tokens += PerImage;
                    }
                }
            }
        }

        if (chat.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                tokens += Count(JsonSerializer.Serialize(tool, ProtocolJson.Context.ChatTool));
            }
        }

        return tokens;
    }

    /// <summary>Embedding input: every string in it (token arrays count their length).</summary>
    public static long Embedding(EmbeddingRequest embedding) => embedding.Input is { } input ? Element(input) : 0;

    private static long Element(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Count(element.GetString()),
        JsonValueKind.Number => 1,
        JsonValueKind.Array => element.EnumerateArray().Sum(Element),
        _ => 0,
    };
}
