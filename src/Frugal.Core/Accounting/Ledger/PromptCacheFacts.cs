namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// What the prompt-cache stage knew about a request, for the ledger's prompt-cache columns (migration
/// 0003_prompt_cache): the stable prefix it saw (a report label: route and prefix hash, or where the system prompt
/// varies), its estimated tokens and the model's minimum (the caching that was possible), the markers placed, and the
/// estimated money lost on this call because the start of the system prompt changed since the route's previous call.
/// </summary>
public sealed record PromptCacheFacts(string? Prefix, int PrefixTokens, int MinTokens, int Breakpoints, decimal? VaryingPrefixUsd);
