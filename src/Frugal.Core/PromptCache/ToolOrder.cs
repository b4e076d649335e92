using Frugal.Protocol.OpenAI;

namespace Frugal.Core.PromptCache;

/// <summary>
/// Tools in a canonical order (by function name, ordinal) with canonical JSON parameter schemas (<see cref="CanonicalJson"/>):
/// a client that lists the same tools in a different order, or writes their schemas' members in a different order, on
/// each call otherwise changes the start of every prompt and never hits a provider cache. Safe by construction: the
/// model gets the same set of the same schemas, and tool calls name their tool.
/// </summary>
public static class ToolOrder
{
    /// <summary>A copy with sorted tools and canonical schemas, or null when they already are (or there are no tools).</summary>
    public static ChatCompletionRequest? Canonical(ChatCompletionRequest chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var sorted = true;
        for (var i = 1; i < tools.Count && sorted; i++)
        {
            sorted = string.CompareOrdinal(NameOf(tools[i - 1]), NameOf(tools[i])) <= 0;
        }

        List<ChatTool>? list = null;
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i]?.Function is { Parameters: { } parameters } function && CanonicalJson.Of(parameters) is { } canonical)
            {
                list ??= new List<ChatTool>(tools);
                list[i] = new ChatTool
                {
                    Type = tools[i].Type,
                    Extra = tools[i].Extra,
                    Function = new FunctionDefinition
                    {
                        Name = function.Name,
                        Description = function.Description,
                        Parameters = canonical,
                        Strict = function.Strict,
                        Extra = function.Extra,
                    },
                };
            }
        }

        if (sorted && list is null)
        {
            return null;
        }

        var copy = chat.ShallowClone();
        list ??= new List<ChatTool>(tools);
        list.Sort(static (a, b) => string.CompareOrdinal(NameOf(a), NameOf(b)));
        copy.Tools = list;
        return copy;
    }

    private static string? NameOf(ChatTool? tool) => tool?.Function?.Name;
}
