using System.Text.Json.Serialization;

namespace Frugal.Providers.Anthropic.Wire;

public sealed class MessagesMetadata
{
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
}
