using System.Text;
using System.Text.Json;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Translates an Anthropic Messages response into an OpenAI chat completion. Pure: the
/// creation time is passed in, so the same input always gives the same output.
/// </summary>
public static class AnthropicResponseConverter
{
    /// <summary>
    /// False for a body that parsed but is not a message (<c>"content": null</c>, a null block):
    /// the client gets a 502 for it, not an empty answer that looks like a real one.
    /// </summary>
    public static bool IsUsable(MessagesResponse response)
        => response.Content is { } content && content.TrueForAll(block => block is not null);

    public static ChatCompletionResponse Convert(MessagesResponse response, long created)
    {
        StringBuilder? text = null;
        List<ToolCall>? toolCalls = null;
        foreach (var block in response.Content ?? [])
        {
            switch (block?.Type)
            {
                case "text":
                    (text ??= new StringBuilder()).Append(block.Text);
                    break;
                case "tool_use":
                    (toolCalls ??= []).Add(new ToolCall
                    {
                        Id = block.Id,
                        Type = "function",
                        Function = new FunctionCall
                        {
                            Name = block.Name,
                            Arguments = block.Input is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } input ? input.GetRawText() : "{}",
                        },
                    });
                    break;

                // thinking / redacted_thinking: OpenAI's message has no place for them, and the
                // reasoning is already billed inside output_tokens. Server-tool blocks (web search)
                // are Anthropic-side work the client did not define, so they are not tool calls.
                default:
                    break;
            }
        }

        var message = new ChatMessage
        {
            Role = "assistant",

            // OpenAI sends null content on a pure tool-call turn, and "" for an empty answer.
            Content = text is null && toolCalls is not null
                ? null
                : JsonSerializer.SerializeToElement(text?.ToString() ?? string.Empty, ProtocolJson.Context.String),
            ToolCalls = toolCalls,
        };

        return new ChatCompletionResponse
        {
            Id = response.Id,
            Created = created,
            Model = response.Model,
            Choices =
            [
                new ChatChoice { Index = 0, Message = message, FinishReason = FinishReason(response.StopReason) },
            ],
            Usage = response.Usage is null ? null : ConvertUsage(response.Usage),
        };
    }

    /// <summary>
    /// Anthropic's stop reason in OpenAI's vocabulary. <c>pause_turn</c> (a server tool paused
    /// a long turn) ends this response normally; an unknown future reason is reported as a
    /// normal stop rather than failing an answer that arrived intact.
    /// </summary>
    public static string? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => "stop",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>
    /// Anthropic usage in OpenAI's shape. Anthropic's input_tokens exclude cache reads and cache
    /// writes; OpenAI's prompt_tokens include them, so the three are added up here (once, in one
    /// place) and cached_tokens carries the reads. Anthropic's own cache figures are copied too,
    /// because cache writes are priced differently per time to live.
    /// </summary>
    public static ChatUsage ConvertUsage(AnthropicUsage usage)
    {
        var cacheRead = usage.CacheReadInputTokens ?? 0;
        var cacheWrite = usage.CacheCreationInputTokens ?? 0;

        // Saturating: absurd counts from an upstream must not wrap around into negative (free) usage.
        var prompt = SaturatingAdd(SaturatingAdd(usage.InputTokens ?? 0, cacheRead), cacheWrite);
        var completion = usage.OutputTokens ?? 0;
        return new ChatUsage
        {
            PromptTokens = prompt,
            CompletionTokens = completion,
            TotalTokens = SaturatingAdd(prompt, completion),
            PromptTokensDetails = new PromptTokensDetails { CachedTokens = cacheRead },
            CacheReadInputTokens = usage.CacheReadInputTokens,
            CacheCreationInputTokens = usage.CacheCreationInputTokens,
            CacheCreation = usage.CacheCreation is { } split
                ? new CacheCreationDetails
                {
                    Ephemeral5mInputTokens = split.Ephemeral5mInputTokens ?? 0,
                    Ephemeral1hInputTokens = split.Ephemeral1hInputTokens ?? 0,
                }
                : null,
        };
    }

    private static long SaturatingAdd(long a, long b)
    {
        var sum = unchecked(a + b);

        // Overflow happened when both operands share a sign that the sum does not.
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }
}
