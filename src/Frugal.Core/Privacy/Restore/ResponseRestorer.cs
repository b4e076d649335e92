using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Privacy.Restore;

/// <summary>
/// Puts the values back into a non-streamed answer: message content and tool-call arguments (JSON values only).
/// Works on copies — the answer object may also be held by the cache, which must keep the masked form.
/// </summary>
public static class ResponseRestorer
{
    public static ChatCompletion Restore(ChatCompletion completion, PlaceholderMap map)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(map);
        var response = completion.Response;
        List<ChatChoice>? choices = null;
        for (var i = 0; i < response.Choices.Count; i++)
        {
            var choice = response.Choices[i];
            var message = RestoreMessage(choice.Message, map);
            if (ReferenceEquals(message, choice.Message))
            {
                continue;
            }

            choices ??= [.. response.Choices];
            choices[i] = new ChatChoice { Index = choice.Index, Message = message, Logprobs = choice.Logprobs, FinishReason = choice.FinishReason, Extra = choice.Extra };
        }

        if (choices is null)
        {
            return completion;
        }

        var copy = new ChatCompletionResponse
        {
            Id = response.Id,
            Object = response.Object,
            Created = response.Created,
            Model = response.Model,
            Choices = choices,
            Usage = response.Usage,
            SystemFingerprint = response.SystemFingerprint,
            Extra = response.Extra,
        };
        return new ChatCompletion(copy); // no raw bytes: the endpoint serialises the restored answer
    }

    private static ChatMessage RestoreMessage(ChatMessage message, PlaceholderMap map)
    {
        JsonElement? content = null;
        if (message.Content is { ValueKind: JsonValueKind.String } value && value.GetString() is { } text && map.Restore(text) is var restored && !ReferenceEquals(restored, text))
        {
            content = JsonStringElement.Of(restored);
        }

        List<ToolCall>? calls = null;
        if (message.ToolCalls is { } toolCalls)
        {
            for (var i = 0; i < toolCalls.Count; i++)
            {
                if (toolCalls[i].Function is { Arguments: { } arguments } function && arguments.Contains('<', StringComparison.Ordinal))
                {
                    var restorer = new PlaceholderRestorer(map, json: true);
                    var restoredArguments = restorer.Push(arguments) + restorer.Flush();
                    if (restoredArguments != arguments)
                    {
                        calls ??= [.. toolCalls];
                        calls[i] = new ToolCall
                        {
                            Index = toolCalls[i].Index,
                            Id = toolCalls[i].Id,
                            Type = toolCalls[i].Type,
                            Extra = toolCalls[i].Extra,
                            Function = new FunctionCall { Name = function.Name, Arguments = restoredArguments, Extra = function.Extra },
                        };
                    }
                }
            }
        }

        if (content is null && calls is null)
        {
            return message;
        }

        return new ChatMessage
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
}
