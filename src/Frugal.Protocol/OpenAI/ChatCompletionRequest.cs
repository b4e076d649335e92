using System.Text.Json;
using System.Text.Json.Serialization;

namespace Frugal.Protocol.OpenAI;

/// <summary>
/// An OpenAI chat completion request. Fields the gateway reads are typed; polymorphic
/// fields stay <see cref="JsonElement"/> and anything unknown lands in <see cref="Extra"/>,
/// so a request forwarded to an OpenAI-compatible upstream keeps every field it came with.
/// </summary>
public sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<ChatMessage>? Messages { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    [JsonPropertyName("tools")] public List<ChatTool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("response_format")] public JsonElement? ResponseFormat { get; set; }
    [JsonPropertyName("logprobs")] public bool? Logprobs { get; set; }
    [JsonPropertyName("top_logprobs")] public int? TopLogprobs { get; set; }
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    [JsonPropertyName("logit_bias")] public JsonElement? LogitBias { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; set; }
    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True when the client asked for server-sent events.</summary>
    [JsonIgnore] public bool IsStreaming => Stream == true;

    /// <summary>The output cap the client set, whichever of the two names it used.</summary>
    [JsonIgnore] public int? OutputTokenCap => MaxCompletionTokens ?? MaxTokens;

    /// <summary>A shallow copy: stages that change the model or options change the copy, not the client's request.</summary>
    public ChatCompletionRequest ShallowClone() => (ChatCompletionRequest)MemberwiseClone();
}
