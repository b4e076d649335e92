using System.Text;
using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Frugal.Providers.Anthropic.Wire;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Translates an OpenAI chat completion request into an Anthropic Messages request. Pure: no
/// I/O, no clock. What Anthropic cannot express in a way the client would notice (several
/// choices, log probabilities, unknown content parts) is rejected with a 400 naming the field,
/// rather than silently answered differently from what was asked.
/// </summary>
public static class AnthropicRequestConverter
{
    /// <summary>
    /// Anthropic requires <c>max_tokens</c>; OpenAI lets the model decide. 4096 is the largest
    /// output every current Claude model accepts, so a request without a cap never fails for
    /// asking too much, and the reservation made for it stays bounded.
    /// </summary>
    public const int DefaultMaxTokens = 4096;

    /// <summary>
    /// Appended to the system prompt for <c>response_format</c> json_object/json_schema:
    /// Anthropic has no JSON mode, so the closest honest equivalent is to ask for JSON only.
    /// </summary>
    public const string JsonOnlyInstruction =
        "Respond with a single valid JSON object and nothing else: no text before or after it and no Markdown code fences.";

    private static readonly JsonElement EmptyObjectSchema = ParseElement("""{"type":"object","properties":{}}""");

    public static GatewayResult<MessagesRequest> Convert(ChatCompletionRequest request, string upstreamModel)
    {
        if (request.N is > 1)
        {
            return GatewayError.InvalidRequest(
                $"Anthropic models return one choice per request, so 'n' must be 1 (got {request.N}). Send {request.N} requests instead.",
                "n");
        }

        if (request.Logprobs == true)
        {
            return GatewayError.InvalidRequest("Anthropic models do not return log probabilities; remove 'logprobs'.", "logprobs");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return GatewayError.InvalidRequest("'messages' must contain at least one message.", "messages");
        }

        // JSON allows what Anthropic's API (and the serialiser) cannot take: these are the client's
        // mistakes, so they are 400s naming the field, never an exception after routing.
        if ((NotFinite(request.Temperature, "temperature") ?? NotFinite(request.TopP, "top_p")) is { } numberError)
        {
            return numberError;
        }

        if (AnthropicCacheMarkers.Validate(request) is { } markerError)
        {
            return markerError;
        }

        var result = new MessagesRequest
        {
            Model = upstreamModel,
            MaxTokens = request.MaxCompletionTokens ?? request.MaxTokens ?? DefaultMaxTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            Stream = request.Stream,
        };

        // Presence/frequency penalties, seed and logit_bias have no Anthropic counterpart; they
        // are sampling hints whose absence does not change the shape of the answer, so they are
        // dropped rather than rejected (clients often send them with neutral defaults).
        var system = new List<ContentBlock>();
        for (var i = 0; i < messages.Count; i++)
        {
            var error = AddMessage(messages[i], i, system, result.Messages);
            if (error is not null)
            {
                return error;
            }
        }

        if (result.Messages.Count == 0)
        {
            return GatewayError.InvalidRequest("'messages' must contain at least one user or assistant message with content.", "messages");
        }

        var formatError = ApplyResponseFormat(request.ResponseFormat, system);
        if (formatError is not null)
        {
            return formatError;
        }

        result.System = system.Count > 0 ? system : null;

        var stopError = ConvertStop(request.Stop, result);
        if (stopError is not null)
        {
            return stopError;
        }

        var toolsError = ConvertTools(request, result);
        if (toolsError is not null)
        {
            return toolsError;
        }

        if (!string.IsNullOrEmpty(request.User))
        {
            result.Metadata = new MessagesMetadata { UserId = request.User };
        }

        return result;
    }

    private static GatewayError? NotFinite(double? value, string param)
        => value is { } number && !double.IsFinite(number)
            ? GatewayError.InvalidRequest($"'{param}' must be a finite number.", param)
            : null;

    private static GatewayError? AddMessage(ChatMessage? message, int index, List<ContentBlock> system, List<AnthropicMessage> output)
    {
        if (message is null)
        {
            return GatewayError.InvalidRequest($"messages[{index}] must be an object with a 'role'.", $"messages[{index}]");
        }

        switch (message.Role)
        {
            case "system":
            case "developer":
                // Anthropic has one top-level system prompt; developer messages are OpenAI's
                // newer name for the same thing. Their order is kept.
                return AppendContent(message.Content, index, system, allowImages: false);

            case "user":
                {
                    var blocks = new List<ContentBlock>();
                    var error = AppendContent(message.Content, index, blocks, allowImages: true);
                    if (error is null)
                    {
                        Append(output, "user", blocks);
                    }

                    return error;
                }

            case "assistant":
                {
                    var blocks = new List<ContentBlock>();
                    var error = AppendContent(message.Content, index, blocks, allowImages: false);
                    if (error is null && message.ToolCalls is { Count: > 0 } calls)
                    {
                        error = AppendToolCalls(calls, index, blocks);
                    }

                    if (error is null)
                    {
                        Append(output, "assistant", blocks);
                    }

                    return error;
                }

            case "tool":
                {
                    if (string.IsNullOrEmpty(message.ToolCallId))
                    {
                        return GatewayError.InvalidRequest($"messages[{index}] has role 'tool' but no 'tool_call_id'.", $"messages[{index}].tool_call_id");
                    }

                    var text = message.TextContent();
                    var block = new ContentBlock
                    {
                        Type = "tool_result",
                        ToolUseId = message.ToolCallId,
                        Content = text.Length > 0 ? StringElement(text) : null,
                        CacheControl = LastMarker(message.Content), // a breakpoint on a result's part marks the result block
                    };

                    // Anthropic expects results as a user turn; consecutive results merge into one.
                    Append(output, "user", [block]);
                    return null;
                }

            default:
                return GatewayError.InvalidRequest(
                    $"messages[{index}] has role '{message.Role}', which cannot be sent to Anthropic models (use system, developer, user, assistant or tool).",
                    $"messages[{index}].role");
        }
    }

    /// <summary>
    /// Adds a turn, merging it into the previous one when the role repeats: Anthropic requires
    /// user and assistant turns to alternate. A turn with no content is skipped, because
    /// Anthropic rejects empty content and an empty turn carries nothing the model could use.
    /// </summary>
    private static void Append(List<AnthropicMessage> output, string role, List<ContentBlock> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (output.Count > 0 && output[^1].Role == role)
        {
            output[^1].Content.AddRange(blocks);
            return;
        }

        output.Add(new AnthropicMessage { Role = role, Content = blocks });
    }

    private static GatewayError? AppendContent(JsonElement? content, int index, List<ContentBlock> blocks, bool allowImages)
    {
        if (content is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                AddText(blocks, value.GetString(), cacheControl: null);
                return null;
            case JsonValueKind.Array:
                var partIndex = 0;
                foreach (var part in value.EnumerateArray())
                {
                    var error = AppendPart(part, index, partIndex, blocks, allowImages);
                    if (error is not null)
                    {
                        return error;
                    }

                    partIndex++;
                }

                return null;
            default:
                return GatewayError.InvalidRequest($"messages[{index}].content must be a string or an array of content parts.", $"messages[{index}].content");
        }
    }

    private static GatewayError? AppendPart(JsonElement part, int index, int partIndex, List<ContentBlock> blocks, bool allowImages)
    {
        var param = $"messages[{index}].content[{partIndex}]";
        if (part.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest($"{param} must be an object with a 'type'.", param);
        }

        var type = StringProperty(part, "type");

        // A cache_control marker on a part (the convention OpenRouter and LiteLLM use to reach
        // Anthropic's prompt cache through the OpenAI format) is carried over: it is what makes
        // a long, stable prefix cost a tenth of the price on the next call.
        JsonElement? cacheControl = part.TryGetProperty("cache_control", out var marker) && marker.ValueKind == JsonValueKind.Object
            ? marker.Clone()
            : null;

        switch (type)
        {
            case "text":
                AddText(blocks, StringProperty(part, "text"), cacheControl);
                return null;
            case "refusal":
                // An assistant turn that refused: its words are the turn's text.
                AddText(blocks, StringProperty(part, "refusal"), cacheControl);
                return null;
            case "image_url" when allowImages:
                return AddImage(part, param, blocks, cacheControl);
            case "image_url":
                return GatewayError.InvalidRequest($"{param}: Anthropic models accept images only in user messages.", param);
            default:
                return GatewayError.InvalidRequest(
                    $"{param} has type '{type}', which cannot be sent to Anthropic models (text and image_url are supported).",
                    param);
        }
    }

    private static void AddText(List<ContentBlock> blocks, string? text, JsonElement? cacheControl)
    {
        // Anthropic rejects empty text blocks; an empty string adds nothing to the prompt.
        if (!string.IsNullOrEmpty(text))
        {
            blocks.Add(new ContentBlock { Type = "text", Text = text, CacheControl = cacheControl });
        }
    }

    private static GatewayError? AddImage(JsonElement part, string param, List<ContentBlock> blocks, JsonElement? cacheControl)
    {
        string? url = null;
        if (part.TryGetProperty("image_url", out var imageUrl))
        {
            url = imageUrl.ValueKind switch
            {
                JsonValueKind.Object => StringProperty(imageUrl, "url"),
                JsonValueKind.String => imageUrl.GetString(),
                _ => null,
            };
        }

        if (string.IsNullOrEmpty(url))
        {
            return GatewayError.InvalidRequest($"{param}.image_url.url is missing.", $"{param}.image_url.url");
        }

        ImageSource source;
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            // data:[<media type>][;base64],<data> — Anthropic takes only base64 payloads.
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma < 0 ? string.Empty : url[5..comma];
            const string Base64Marker = ";base64";
            if (comma < 0 || !header.EndsWith(Base64Marker, StringComparison.OrdinalIgnoreCase) || header.Length == Base64Marker.Length)
            {
                return GatewayError.InvalidRequest(
                    $"{param}.image_url.url is a data URL that is not of the form data:<media type>;base64,<data>.",
                    $"{param}.image_url.url");
            }

            source = new ImageSource
            {
                Type = "base64",
                MediaType = header[..^Base64Marker.Length],
                Data = url[(comma + 1)..],
            };
        }
        else
        {
            source = new ImageSource { Type = "url", Url = url };
        }

        blocks.Add(new ContentBlock { Type = "image", Source = source, CacheControl = cacheControl });
        return null;
    }

    private static GatewayError? AppendToolCalls(List<ToolCall> calls, int index, List<ContentBlock> blocks)
    {
        for (var j = 0; j < calls.Count; j++)
        {
            var call = calls[j];
            var param = $"messages[{index}].tool_calls[{j}]";
            if (call is null || string.IsNullOrEmpty(call.Id) || string.IsNullOrEmpty(call.Function?.Name))
            {
                return GatewayError.InvalidRequest($"{param} needs an 'id' and a 'function.name'.", param);
            }

            var arguments = call.Function.Arguments;
            JsonElement input;
            if (string.IsNullOrWhiteSpace(arguments))
            {
                // A call without arguments: Anthropic still needs an input object.
                input = ParseElement("{}");
            }
            else
            {
                try
                {
                    input = ParseElement(arguments);
                }
                catch (JsonException)
                {
                    return GatewayError.InvalidRequest(
                        $"{param}.function.arguments is not valid JSON; Anthropic needs the tool input as a JSON object.",
                        $"{param}.function.arguments");
                }

                if (input.ValueKind != JsonValueKind.Object)
                {
                    return GatewayError.InvalidRequest(
                        $"{param}.function.arguments must be a JSON object; Anthropic needs the tool input as an object.",
                        $"{param}.function.arguments");
                }
            }

            blocks.Add(new ContentBlock { Type = "tool_use", Id = call.Id, Name = call.Function.Name, Input = input });
        }

        return null;
    }

    private static GatewayError? ApplyResponseFormat(JsonElement? responseFormat, List<ContentBlock> system)
    {
        if (responseFormat is not { ValueKind: JsonValueKind.Object } format)
        {
            return null;
        }

        switch (StringProperty(format, "type"))
        {
            case null:
            case "text":
                return null;
            case "json_object":
                system.Add(new ContentBlock { Type = "text", Text = JsonOnlyInstruction });
                return null;
            case "json_schema":
                var instruction = new StringBuilder(JsonOnlyInstruction);
                if (format.TryGetProperty("json_schema", out var jsonSchema)
                    && jsonSchema.ValueKind == JsonValueKind.Object
                    && jsonSchema.TryGetProperty("schema", out var schema)
                    && schema.ValueKind == JsonValueKind.Object)
                {
                    instruction.Append(" It must conform to this JSON Schema:\n").Append(schema.GetRawText());
                }

                system.Add(new ContentBlock { Type = "text", Text = instruction.ToString() });
                return null;
            default:
                return GatewayError.InvalidRequest(
                    $"response_format type '{StringProperty(format, "type")}' cannot be sent to Anthropic models (text, json_object and json_schema are supported).",
                    "response_format");
        }
    }

    private static GatewayError? ConvertStop(JsonElement? stop, MessagesRequest result)
    {
        if (stop is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var single = value.GetString();
                if (!string.IsNullOrEmpty(single))
                {
                    result.StopSequences = [single];
                }

                return null;
            case JsonValueKind.Array:
                var sequences = new List<string>(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return GatewayError.InvalidRequest("'stop' must be a string or an array of strings.", "stop");
                    }

                    var text = item.GetString();
                    if (!string.IsNullOrEmpty(text))
                    {
                        sequences.Add(text);
                    }
                }

                result.StopSequences = sequences.Count > 0 ? sequences : null;
                return null;
            default:
                return GatewayError.InvalidRequest("'stop' must be a string or an array of strings.", "stop");
        }
    }

    private static GatewayError? ConvertTools(ChatCompletionRequest request, MessagesRequest result)
    {
        if (request.Tools is not { Count: > 0 } tools)
        {
            // Without tools a tool_choice means nothing, and Anthropic rejects one sent alone.
            return null;
        }

        var converted = new List<AnthropicTool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool is null)
            {
                return GatewayError.InvalidRequest($"tools[{i}] must be an object with a 'function'.", $"tools[{i}]");
            }

            if (tool.Type is not (null or "function"))
            {
                return GatewayError.InvalidRequest(
                    $"tools[{i}] has type '{tool.Type}'; only function tools can be sent to Anthropic models.",
                    $"tools[{i}].type");
            }

            if (string.IsNullOrEmpty(tool.Function?.Name))
            {
                return GatewayError.InvalidRequest($"tools[{i}].function.name is missing.", $"tools[{i}].function.name");
            }

            converted.Add(new AnthropicTool
            {
                Name = tool.Function.Name,
                Description = tool.Function.Description,
                InputSchema = tool.Function.Parameters is { ValueKind: JsonValueKind.Object } parameters ? parameters : EmptyObjectSchema,
                CacheControl = tool.Extra is { } extra && extra.TryGetValue("cache_control", out var marker) ? marker : null,
            });
        }

        result.Tools = converted;

        var choiceError = ConvertToolChoice(request.ToolChoice, out var choice);
        if (choiceError is not null)
        {
            return choiceError;
        }

        if (request.ParallelToolCalls == false && choice?.Type != "none")
        {
            choice ??= new ToolChoice { Type = "auto" };
            choice.DisableParallelToolUse = true;
        }

        result.ToolChoice = choice;
        return null;
    }

    private static GatewayError? ConvertToolChoice(JsonElement? toolChoice, out ToolChoice? choice)
    {
        choice = null;
        if (toolChoice is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            choice = value.GetString() switch
            {
                "auto" => new ToolChoice { Type = "auto" },
                "required" => new ToolChoice { Type = "any" },
                "none" => new ToolChoice { Type = "none" },
                _ => null,
            };
        }
        else if (value.ValueKind == JsonValueKind.Object
            && StringProperty(value, "type") == "function"
            && value.TryGetProperty("function", out var function)
            && function.ValueKind == JsonValueKind.Object
            && StringProperty(function, "name") is { Length: > 0 } name)
        {
            choice = new ToolChoice { Type = "tool", Name = name };
        }

        return choice is null
            ? GatewayError.InvalidRequest(
                "'tool_choice' must be \"auto\", \"required\", \"none\" or {\"type\":\"function\",\"function\":{\"name\":...}}.",
                "tool_choice")
            : null;
    }

    private static JsonElement? LastMarker(JsonElement? content)
    {
        JsonElement? marker = null;
        if (content is { ValueKind: JsonValueKind.Array } parts)
        {
            foreach (var part in parts.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("cache_control", out var value))
                {
                    marker = value;
                }
            }
        }

        return marker;
    }

    private static string? StringProperty(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement StringElement(string text)
        => JsonSerializer.SerializeToElement(text, ProtocolJson.Context.String);

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
