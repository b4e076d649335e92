using System.Text.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Privacy;

/// <summary>
/// A chat message with its text rewritten, shared by masking (the request's messages) and restoring (the answer's
/// message): tool-call arguments go through one function, every other field is kept, and nothing is copied when
/// nothing changed.
/// </summary>
internal static class MessageRewrite
{
    /// <summary>
    /// The tool calls with their arguments rewritten, or null when <paramref name="rewrite"/> changed none (it returns
    /// null for "unchanged"). A static lambda and its state keep this free of closures.
    /// </summary>
    public static List<ToolCall>? Arguments<TState>(List<ToolCall>? toolCalls, TState state, Func<TState, string, string?> rewrite)
    {
        if (toolCalls is null)
        {
            return null;
        }

        List<ToolCall>? calls = null;
        for (var i = 0; i < toolCalls.Count; i++)
        {
            if (toolCalls[i].Function is { Arguments: { } arguments } function && rewrite(state, arguments) is { } rewritten)
            {
                calls ??= [.. toolCalls];
                calls[i] = new ToolCall
                {
                    Index = toolCalls[i].Index,
                    Id = toolCalls[i].Id,
                    Type = toolCalls[i].Type,
                    Extra = toolCalls[i].Extra,
                    Function = new FunctionCall { Name = function.Name, Arguments = rewritten, Extra = function.Extra },
                };
            }
        }

        return calls;
    }

    /// <summary><paramref name="message"/> with the new content and tool calls where given; itself when neither is.</summary>
    public static ChatMessage With(ChatMessage message, JsonElement? content, List<ToolCall>? calls) => content is null && calls is null
        ? message
        : new ChatMessage
        {
            Role = message.Role,
            Content = content ?? message.Content,
            Name = message.Name,
            ToolCalls = calls ?? message.ToolCalls,
            ToolCallId = message.ToolCallId,
            Refusal = message.Refusal,
            Extra = message.Extra,
        };
}
