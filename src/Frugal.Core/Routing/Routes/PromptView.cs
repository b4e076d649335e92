using Frugal.Core.Routing.Classification;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Routing.Routes;

/// <summary>The parts of a chat request routers read: the last user message, the system prompt, size, turns, tools.</summary>
public static class PromptView
{
    public static ComplexityInput Complexity(ChatCompletionRequest chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var messages = chat.Messages ?? [];
        var total = messages.Sum(m => m.TextContent().Length);
        return new ComplexityInput(LastUserMessage(chat), total, messages.Count, chat.Tools is { Count: > 0 }, SystemPrompt(chat));
    }

    public static string LastUserMessage(ChatCompletionRequest chat)
        => chat.Messages?.LastOrDefault(m => m.Role == "user")?.TextContent() ?? string.Empty;

    public static string FirstUserMessage(ChatCompletionRequest chat)
        => chat.Messages?.FirstOrDefault(m => m.Role == "user")?.TextContent() ?? string.Empty;

    public static string? SystemPrompt(ChatCompletionRequest chat)
        => chat.Messages?.FirstOrDefault(m => m.Role is "system" or "developer")?.TextContent();
}
