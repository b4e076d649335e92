using Frugal.Protocol.OpenAI;

namespace Frugal.Core.PromptCache;

/// <summary>
/// Tools in a canonical order (by function name, ordinal): a client that lists the same tools in a different order on
/// each call otherwise changes the start of every prompt and never hits a provider cache. Safe by construction: the
/// model gets the same set, and tool calls name their tool.
/// </summary>
public static class ToolOrder
{
    /// <summary>A copy with sorted tools, or null when they are already in order (or there is nothing to sort).</summary>
    public static ChatCompletionRequest? Canonical(ChatCompletionRequest chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.Tools is not { Count: > 1 } tools)
        {
            return null;
        }

        var sorted = true;
        for (var i = 1; i < tools.Count && sorted; i++)
        {
            sorted = string.CompareOrdinal(NameOf(tools[i - 1]), NameOf(tools[i])) <= 0;
        }

        if (sorted)
        {
            return null;
        }

        var copy = chat.ShallowClone();
        var list = new List<ChatTool>(tools);
        list.Sort(static (a, b) => string.CompareOrdinal(NameOf(a), NameOf(b)));
        copy.Tools = list;
        return copy;
    }

    private static string? NameOf(ChatTool? tool) => tool?.Function?.Name;
}
