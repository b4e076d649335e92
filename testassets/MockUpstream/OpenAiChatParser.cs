using System.Text;
using System.Text.Json;

namespace Frugal.MockUpstream;

/// <summary>Reads an OpenAI Chat Completions request (also the Azure OpenAI shape) into a <see cref="ChatTurn"/>.</summary>
internal static class OpenAiChatParser
{
    // Same per-image cost the spec of this mock fixes (OpenAI's low-detail image price).
    public const int ImageTokens = 85;

    /// <param name="deployment">Azure deployment name, used as the model when the body has none.</param>
    public static ChatTurn? Parse(JsonElement root, string? deployment, out string? error)
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
            model = deployment;
        }

        if (string.IsNullOrEmpty(model))
        {
            error = "you must provide a model parameter";
            return null;
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = "'messages' is a required property and must be a non-empty array";
            return null;
        }

        // Prompt tokens, OpenAI-cookbook style approximation: every message costs its text tokens + 3
        // (role/separators), the reply primer costs 3, images cost a flat 85, and tool definitions cost
        // the tokens of their JSON. Real providers differ slightly; tests only need it deterministic.
        var promptTokens = 3;
        var all = new StringBuilder();
        var text = new StringBuilder();
        string lastUser = string.Empty, toolResult = string.Empty;
        var lastIsTool = false;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                error = "Each message must be an object.";
                return null;
            }

            text.Clear();
            var images = AppendContent(JsonRead.Property(message, "content"), text);
            if (JsonRead.Property(message, "tool_calls") is { ValueKind: JsonValueKind.Array } calls)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    var function = JsonRead.Property(call, "function");
                    JsonRead.AppendLine(text, JsonRead.String(function, "name"));
                    JsonRead.AppendLine(text, JsonRead.String(function, "arguments"));
                }
            }

            var messageText = text.ToString();
            promptTokens += TokenCounter.Count(messageText) + 3 + (images * ImageTokens);
            JsonRead.AppendLine(all, messageText);

            var role = JsonRead.String(message, "role") ?? string.Empty;
            lastIsTool = role is "tool" or "function";
            if (lastIsTool)
            {
                toolResult = messageText;
            }
            else if (role == "user")
            {
                lastUser = messageText;
            }
        }

        string? toolToCall = null;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            promptTokens += TokenCounter.Count(tools.GetRawText());
            var choice = JsonRead.Property(root, "tool_choice");
            var none = choice.ValueKind == JsonValueKind.String && choice.GetString() == "none";
            if (!none && !lastIsTool)
            {
                // Forced: {"type":"function","function":{"name":X}} (also tolerate the flat {"name":X} form).
                toolToCall = JsonRead.String(JsonRead.Property(choice, "function"), "name") ?? JsonRead.String(choice, "name");
                toolToCall ??= FirstToolName(tools) ?? "tool";
            }
        }

        var formatType = JsonRead.String(JsonRead.Property(root, "response_format"), "type");
        var choices = Math.Clamp(JsonRead.Int(root, "n") ?? 1, 1, 128);
        return new ChatTurn
        {
            Model = model,
            DirectiveText = all.ToString(),
            LastUserText = lastUser,
            LastIsToolResult = lastIsTool,
            ToolResultText = toolResult,
            ToolToCall = toolToCall,
            PromptTokens = promptTokens,
            Choices = choices,
            MaxTokens = JsonRead.Int(root, "max_completion_tokens") ?? JsonRead.Int(root, "max_tokens"),
            Logprobs = JsonRead.Bool(root, "logprobs"),
            JsonMode = formatType is "json_object" or "json_schema",
            Stream = JsonRead.Bool(root, "stream"),
            IncludeUsage = JsonRead.Bool(JsonRead.Property(root, "stream_options"), "include_usage"),
        };
    }

    /// <returns>Number of image parts (text-less, priced flat).</returns>
    private static int AppendContent(JsonElement content, StringBuilder text)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            text.Append(content.GetString());
            return 0;
        }

        var images = 0;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (JsonRead.String(part, "type") is "image_url" or "input_image")
                {
                    images++;
                }
                else
                {
                    JsonRead.AppendLine(text, JsonRead.String(part, "text"));
                }
            }
        }

        return images;
    }

    private static string? FirstToolName(JsonElement tools)
    {
        foreach (var tool in tools.EnumerateArray())
        {
            var name = JsonRead.String(JsonRead.Property(tool, "function"), "name") ?? JsonRead.String(tool, "name");
            if (!string.IsNullOrEmpty(name))
            {
                return name;
            }
        }

        return null;
    }
}
