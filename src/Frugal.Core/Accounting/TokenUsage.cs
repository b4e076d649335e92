namespace Frugal.Core.Accounting;

/// <summary>
/// Tokens of one call, normalised across providers. <see cref="InputTokens"/> counts every
/// prompt token, including cache reads and cache writes (OpenAI's convention; Anthropic's
/// input_tokens are converted); <see cref="OutputTokens"/> includes <see cref="ReasoningTokens"/>.
/// Keeping one convention is what prevents cached tokens from being billed twice.
/// </summary>
public readonly record struct TokenUsage(
    long InputTokens,
    long CachedInputTokens,
    long CacheWrite5mTokens,
    long CacheWrite1hTokens,
    long OutputTokens,
    long ReasoningTokens)
{
    /// <summary>Input tokens billed at the plain input rate.</summary>
    public long UncachedInputTokens => Math.Max(0, InputTokens - CachedInputTokens - CacheWrite5mTokens - CacheWrite1hTokens);

    public long TotalTokens => InputTokens + OutputTokens;

    public bool IsEmpty => InputTokens == 0 && OutputTokens == 0;
}
