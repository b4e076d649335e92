namespace Frugal.Core.PromptCache;

/// <summary>What the prompt-cache stage may do for a route or provider.</summary>
public enum PromptCacheMode
{
    /// <summary>Send the request as the client wrote it.</summary>
    Off,

    /// <summary>Anthropic breakpoints from learnt reuse; OpenAI <c>prompt_cache_key</c> (+ extended retention where catalogued).</summary>
    Auto,
}
