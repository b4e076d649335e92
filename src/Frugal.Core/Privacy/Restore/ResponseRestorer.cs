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

        var calls = MessageRewrite.Arguments(message.ToolCalls, map, static (map, arguments) => RestoreArguments(map, arguments));
        return MessageRewrite.With(message, content, calls);
    }

    /// <summary>Tool-call arguments with placeholders restored inside JSON string values only; null when none was there.</summary>
    private static string? RestoreArguments(PlaceholderMap map, string arguments)
    {
        if (!arguments.Contains('<', StringComparison.Ordinal))
        {
            return null;
        }

        var restorer = new PlaceholderRestorer(map, json: true);
        var restored = restorer.Push(arguments) + restorer.Flush();
        return restored != arguments ? restored : null;
    }
}
