namespace Frugal.MockUpstream;

/// <summary>
/// What the reply logic needs from a chat request, independent of the wire protocol
/// (OpenAI Chat Completions or Anthropic Messages).
/// </summary>
internal sealed class ChatTurn
{
    public required string Model { get; init; }

    /// <summary>All message texts (and the Anthropic system prompt) joined, for the single directive scan.</summary>
    public required string DirectiveText { get; init; }

    /// <summary>Text of the last user message, directives still in it.</summary>
    public required string LastUserText { get; init; }

    /// <summary>The last message is a tool result, so the reply comments on it instead of calling a tool again.</summary>
    public required bool LastIsToolResult { get; init; }

    public required string ToolResultText { get; init; }

    /// <summary>Tool to call instead of replying with text, or null (no tools, tool_choice none, or a tool-result turn).</summary>
    public required string? ToolToCall { get; init; }

    /// <summary>Prompt token estimate; see the parsers for the formula.</summary>
    public required int PromptTokens { get; init; }

    public int Choices { get; init; } = 1;

    public int? MaxTokens { get; init; }

    public bool Logprobs { get; init; }

    public bool JsonMode { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }
}
