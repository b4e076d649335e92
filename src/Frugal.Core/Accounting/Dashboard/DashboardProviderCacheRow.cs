namespace Frugal.Core.Accounting.Dashboard;

/// <summary>
/// Provider prompt caching for one route (the model name the client asked for) and the model that answered, over a
/// period, from the hourly rollups (dim <c>route_model</c>). Counts only calls recorded since ledger step 0005, so
/// every share below is over the same calls.
/// </summary>
/// <param name="Requests">Calls of this route and model.</param>
/// <param name="InputTokens">All their input tokens (cached, written and plain).</param>
/// <param name="CachedInputTokens">Input tokens the provider read from its cache.</param>
/// <param name="CacheWriteTokens">Input tokens written to the provider's cache (5-minute and 1-hour).</param>
/// <param name="SavedUsd">What the cache reads saved against the same tokens as plain input (saving reason provider_cache).</param>
/// <param name="WritePremiumUsd">What the writes cost above the same tokens as plain input.</param>
/// <param name="MeasuredRequests">Calls whose stable prefix the prompt-cache stage measured (stage on for them).</param>
/// <param name="EligibleRequests">Of those, calls whose prefix reached the model's minimum cacheable length.</param>
public sealed record DashboardProviderCacheRow(
    string Route,
    string Model,
    long Requests,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    decimal SavedUsd,
    decimal WritePremiumUsd,
    long MeasuredRequests,
    long EligibleRequests);
