using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Privacy;

/// <summary>Chat requests for the privacy tests.</summary>
internal static class PrivacyTestRequests
{
    public static GatewayRequest Chat(params string[] userTexts)
        => GatewayRequest.ForChat($"req-{Guid.NewGuid():N}", Tenant.Anonymous, new ChatCompletionRequest
        {
            Model = "gpt-4o-mini",
            Messages = [.. userTexts.Select(t => new ChatMessage { Role = "user", Content = Text(t) })],
        }, 0);

    public static JsonElement Text(string text) => JsonSerializer.SerializeToElement(text, Frugal.Protocol.Json.ProtocolJson.Context.String);
}
