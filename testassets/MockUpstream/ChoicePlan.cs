namespace Frugal.MockUpstream;

/// <summary>One reply alternative: either text or a single tool call.</summary>
internal sealed class ChoicePlan
{
    /// <summary>Reply text (already JSON-wrapped / truncated), or null for a tool call.</summary>
    public string? Text { get; init; }

    public string? ToolCallId { get; init; }

    public string? ToolName { get; init; }

    /// <summary>Tool arguments as a JSON string, e.g. <c>{"input":"..."}</c>.</summary>
    public string? Arguments { get; init; }

    public required int Tokens { get; init; }

    /// <summary>OpenAI finish reason: stop, length or tool_calls (Anthropic names are mapped when written).</summary>
    public required string FinishReason { get; init; }

    public bool IsToolCall => ToolName is not null;

    /// <summary>What a stream splits into pieces: the text, or the tool arguments.</summary>
    public string StreamText => Text ?? Arguments ?? string.Empty;

    public string AnthropicStopReason => FinishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" => "tool_use",
        _ => "end_turn",
    };
}
