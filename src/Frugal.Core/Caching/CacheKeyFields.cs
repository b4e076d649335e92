using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Caching;

/// <summary>
/// The one table that decides which fields of a <see cref="ChatCompletionRequest"/> are in the cache
/// key. Every typed property must be listed (a test reflects over the DTO and fails on a new,
/// unclassified one); unknown fields (<c>[JsonExtensionData]</c>) are keyed unless named in
/// <see cref="ExcludedExtensionFields"/>, because a field nobody has looked at may change the answer.
/// Defaults (OpenAI's documented ones) are normalised away, so sending <c>"n": 1</c> or leaving it
/// out is the same request.
/// </summary>
public static class CacheKeyFields
{
    public static IReadOnlyDictionary<string, CacheKeyField> Request { get; } = new Dictionary<string, CacheKeyField>(StringComparer.Ordinal)
    {
        ["model"] = new(CacheKeyRole.Keyed, "the model asked for (a route name stays a route name: the key is about what the client asked)"),
        ["messages"] = new(CacheKeyRole.Keyed, "the conversation; a content array of one text part counts as that text"),
        ["stream"] = new(CacheKeyRole.Excluded, "transport only: a streamed answer is replayed as JSON and the other way round"),
        ["stream_options"] = new(CacheKeyRole.Excluded, "transport only: include_usage decides whether the client sees the usage chunk"),
        ["max_tokens"] = new(CacheKeyRole.Keyed, "caps (and may cut) the answer"),
        ["max_completion_tokens"] = new(CacheKeyRole.Keyed, "caps (and may cut) the answer"),
        ["temperature"] = new(CacheKeyRole.Keyed, "sampling; also decides cacheability (cache.maxTemperature)", "1"),
        ["top_p"] = new(CacheKeyRole.Keyed, "sampling", "1"),
        ["n"] = new(CacheKeyRole.Keyed, "number of choices", "1"),
        ["seed"] = new(CacheKeyRole.Keyed, "sampling"),
        ["stop"] = new(CacheKeyRole.Keyed, "cuts the answer; a single string counts as a one-element array"),
        ["tools"] = new(CacheKeyRole.Keyed, "what the model may call"),
        ["tool_choice"] = new(CacheKeyRole.Keyed, "whether and which tool is called; \"auto\" with tools and \"none\" without are the defaults"),
        ["parallel_tool_calls"] = new(CacheKeyRole.Keyed, "shape of the tool calls", "true"),
        ["response_format"] = new(CacheKeyRole.Keyed, "shape of the answer; {\"type\":\"text\"} is the default", """{"type":"text"}"""),
        ["logprobs"] = new(CacheKeyRole.Keyed, "part of the answer (requests asking for it are not cached: the replay has no logprobs)", "false"),
        ["top_logprobs"] = new(CacheKeyRole.Keyed, "part of the answer"),
        ["presence_penalty"] = new(CacheKeyRole.Keyed, "sampling", "0"),
        ["frequency_penalty"] = new(CacheKeyRole.Keyed, "sampling", "0"),
        ["logit_bias"] = new(CacheKeyRole.Keyed, "sampling; {} is the default", "{}"),
        ["user"] = new(CacheKeyRole.Excluded, "end-user attribution for abuse monitoring; tenants are separated by the key namespace instead"),
        ["metadata"] = new(CacheKeyRole.Excluded, "request tags for the provider's dashboards"),
        ["reasoning_effort"] = new(CacheKeyRole.Keyed, "changes how hard a reasoning model thinks, so the answer"),
    };

    /// <summary>Fields the typed DTO does not know but that are known not to change the answer.</summary>
    public static IReadOnlyDictionary<string, string> ExcludedExtensionFields { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["store"] = "asks the provider to keep the completion; not part of the answer",
        ["service_tier"] = "latency/price class at the provider; same model, same answer",
        ["prompt_cache_key"] = "a hint for the provider's prompt cache",
        ["safety_identifier"] = "end-user attribution, like user",
    };
}
