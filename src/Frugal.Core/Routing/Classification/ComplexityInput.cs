namespace Frugal.Core.Routing.Classification;

/// <summary>
/// What the classifier looks at. Only the last user message is read for wording (earlier turns
/// were already answered); the whole conversation counts through <paramref name="TotalPromptChars"/>
/// and <paramref name="Turns"/>.
/// </summary>
/// <param name="LastUserMessage">Text of the last user message.</param>
/// <param name="TotalPromptChars">Characters of every message sent upstream, system prompt included.</param>
/// <param name="Turns">Number of messages in the conversation.</param>
/// <param name="HasTools">Whether the request offers tools (agentic calls need a model that plans).</param>
/// <param name="SystemPrompt">The system prompt, when there is one.</param>
public sealed record ComplexityInput(
    string LastUserMessage,
    int TotalPromptChars,
    int Turns,
    bool HasTools,
    string? SystemPrompt = null);
