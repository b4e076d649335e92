namespace Frugal.MockUpstream;

/// <summary>The complete, deterministic answer to a chat request, before it is written in either wire format.</summary>
internal sealed class ReplyPlan
{
    /// <summary>Derived from the request body hash, so identical requests get identical ids.</summary>
    public required string IdSuffix { get; init; }

    public required IReadOnlyList<ChoicePlan> Choices { get; init; }

    public required int PromptTokens { get; init; }

    /// <summary>All choices' tokens plus reasoning tokens (OpenAI counts reasoning inside completion tokens).</summary>
    public required int CompletionTokens { get; init; }

    public required int ReasoningTokens { get; init; }

    /// <summary>Prompt tokens served from cache: OpenAI cached_tokens / Anthropic cache_read_input_tokens.</summary>
    public required int CachedTokens { get; init; }

    /// <summary>Anthropic cache_creation_input_tokens.</summary>
    public required int CacheWriteTokens { get; init; }

    /// <summary>The part of <see cref="CacheWriteTokens"/> written with a 1-hour TTL (the rest is 5-minute).</summary>
    public int CacheWrite1hTokens { get; init; }

    public int TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Anthropic input_tokens excludes both cache buckets.</summary>
    public int UncachedInputTokens => PromptTokens - CachedTokens - CacheWriteTokens;
}
