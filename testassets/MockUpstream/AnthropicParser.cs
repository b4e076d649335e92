using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>Reads an Anthropic Messages request into a <see cref="ChatTurn"/>.</summary>
internal static class AnthropicParser
{
    public static ChatTurn? Parse(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The request body must be a JSON object.";
            return null;
        }

        var model = JsonRead.String(root, "model");
        if (string.IsNullOrEmpty(model))
        {
            error = "model: Field required";
            return null;
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = "messages: Field required";
            return null;
        }

        // Same approximation as the OpenAI side (text tokens + 3 per message, + 3, 85 per image,
        // + tools JSON), with the system prompt counted as one more message.
        var promptTokens = 3;
        var all = new StringBuilder();
        var text = new StringBuilder();
        var userText = new StringBuilder();
        var toolText = new StringBuilder();

        var system = JsonRead.Property(root, "system");
        if (system.ValueKind is JsonValueKind.String or JsonValueKind.Array)
        {
            var images = AppendBlocks(system, text, userText, toolText, out _);
            var systemText = text.ToString();
            promptTokens += TokenCounter.Count(systemText) + 3 + (images * OpenAiChatParser.ImageTokens);
            JsonRead.AppendLine(all, systemText);
        }

        string lastUser = string.Empty, toolResult = string.Empty;
        var lastIsTool = false;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                error = "messages: each message must be an object";
                return null;
            }

            text.Clear();
            userText.Clear();
            toolText.Clear();
            var images = AppendBlocks(JsonRead.Property(message, "content"), text, userText, toolText, out var hasToolResult);
            var messageText = text.ToString();
            promptTokens += TokenCounter.Count(messageText) + 3 + (images * OpenAiChatParser.ImageTokens);
            JsonRead.AppendLine(all, messageText);

            var isUser = JsonRead.String(message, "role") == "user";
            lastIsTool = isUser && hasToolResult;
            if (lastIsTool)
            {
                toolResult = toolText.ToString();
            }

            if (isUser && userText.Length > 0)
            {
                lastUser = userText.ToString();
            }
        }

        string? toolToCall = null;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            promptTokens += TokenCounter.Count(tools.GetRawText());
            var choice = JsonRead.Property(root, "tool_choice");
            var choiceType = JsonRead.String(choice, "type");
            if (choiceType != "none" && !lastIsTool)
            {
                toolToCall = choiceType == "tool" ? JsonRead.String(choice, "name") : null;
                toolToCall ??= FirstToolName(tools) ?? "tool";
            }
        }

        return new ChatTurn
        {
            Model = model,
            DirectiveText = all.ToString(),
            LastUserText = lastUser,
            LastIsToolResult = lastIsTool,
            ToolResultText = toolResult,
            ToolToCall = toolToCall,
            PromptTokens = promptTokens,
            MaxTokens = JsonRead.Int(root, "max_tokens"),
            Stream = JsonRead.Bool(root, "stream"),
        };
    }

    /// <summary>
    /// Appends all token-bearing text to <paramref name="all"/>; plain text blocks also to <paramref name="user"/>
    /// (the reply gist) and tool_result text to <paramref name="tool"/>.
    /// </summary>
    /// <returns>Number of image blocks.</returns>
    private static int AppendBlocks(JsonElement content, StringBuilder all, StringBuilder user, StringBuilder tool, out bool hasToolResult)
    {
        hasToolResult = false;
        if (content.ValueKind == JsonValueKind.String)
        {
            var s = content.GetString();
            all.Append(s);
            user.Append(s);
            return 0;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var images = 0;
        foreach (var block in content.EnumerateArray())
        {
            switch (JsonRead.String(block, "type"))
            {
                case "text":
                    var s = JsonRead.String(block, "text");
                    JsonRead.AppendLine(all, s);
                    JsonRead.AppendLine(user, s);
                    break;
                case "image":
                    images++;
                    break;
                case "tool_use":
                    JsonRead.AppendLine(all, JsonRead.String(block, "name"));
                    var input = JsonRead.Property(block, "input");
                    if (input.ValueKind != JsonValueKind.Undefined)
                    {
                        JsonRead.AppendLine(all, input.GetRawText());
                    }

                    break;
                case "tool_result":
                    hasToolResult = true;
                    var before = all.Length;
                    images += AppendToolResult(JsonRead.Property(block, "content"), all);
                    if (tool.Length == 0)
                    {
                        tool.Append(all, before, all.Length - before);
                    }

                    break;
                case "thinking":
                    JsonRead.AppendLine(all, JsonRead.String(block, "thinking"));
                    break;
            }
        }

        return images;
    }

    private static int AppendToolResult(JsonElement content, StringBuilder all)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            JsonRead.AppendLine(all, content.GetString());
            return 0;
        }

        var images = 0;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (JsonRead.String(block, "type") == "image")
                {
                    images++;
                }
                else
                {
                    JsonRead.AppendLine(all, JsonRead.String(block, "text"));
                }
            }
        }

        return images;
    }

    private static string? FirstToolName(JsonElement tools)
    {
        foreach (var tool in tools.EnumerateArray())
        {
            var name = JsonRead.String(tool, "name");
            if (!string.IsNullOrEmpty(name))
            {
                return name;
            }
        }

        return null;
    }
}
