using System.Text.Json.Serialization;

namespace Frugal.Protocol.Anthropic;

public sealed class MessagesMetadata
{
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
}
