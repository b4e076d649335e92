using System.Text.Json;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// What the stages after dispatch (routing, caches, the ledger, the budget cut-off) rely on in an
/// answer: a list of choices, no null choice, a message (or delta) in each, no null tool call.
/// JSON that parses but breaks these (e.g. <c>"message": null</c>) is an unusable answer, turned
/// into a 502 here rather than a NullReferenceException in some stage after the call was billed.
/// </summary>
public static class OpenAIShape
{
    public static bool IsUsable(ChatCompletionResponse response)
        => response.Choices is { } choices
            && choices.TrueForAll(choice => choice?.Message is { } message && NoNullCalls(message.ToolCalls));

    public static bool IsUsable(ChatCompletionChunk chunk)
        => chunk.Choices is { } choices
            && choices.TrueForAll(choice => choice?.Delta is { } delta && NoNullCalls(delta.ToolCalls));

    /// <summary>The <c>usage</c> object of a body that did not parse as a completion, when the body is JSON and the usage is readable.</summary>
    public static ChatUsage? UsageOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("usage", out var usage)
                && usage.ValueKind == JsonValueKind.Object
                ? usage.Deserialize(ProtocolJson.Context.ChatUsage)
                : null;
        }
        catch (JsonException)
        {
            return null; // not JSON at all (cut short, an HTML page): the usage is unknown
        }
    }

    private static bool NoNullCalls(List<ToolCall>? calls) => calls is null || calls.TrueForAll(call => call is not null);
}
