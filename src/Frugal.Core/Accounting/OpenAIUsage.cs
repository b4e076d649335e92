using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Accounting;

/// <summary>Reads OpenAI-shaped usage (as every provider adapter produces it) into <see cref="TokenUsage"/>.</summary>
public static class OpenAIUsage
{
    public static TokenUsage ToTokenUsage(ChatUsage? usage)
    {
        if (usage is null)
        {
            return default;
        }

        var cacheWrite1h = usage.CacheCreation?.Ephemeral1hInputTokens ?? 0;
        var cacheWriteTotal = usage.CacheCreationInputTokens ?? 0;
        var cacheWrite5m = Math.Max(0, cacheWriteTotal - cacheWrite1h);
        return new TokenUsage(
            InputTokens: usage.PromptTokens,
            CachedInputTokens: usage.PromptTokensDetails?.CachedTokens ?? usage.CacheReadInputTokens ?? 0,
            CacheWrite5mTokens: cacheWrite5m,
            CacheWrite1hTokens: cacheWrite1h,
            OutputTokens: usage.CompletionTokens,
            ReasoningTokens: usage.CompletionTokensDetails?.ReasoningTokens ?? 0);
    }
}
