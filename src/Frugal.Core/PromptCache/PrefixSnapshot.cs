namespace Frugal.Core.PromptCache;

/// <summary>
/// What is known about one prefix (per tenant and model) before the current sighting: how often and when it was seen,
/// whether a cache entry written for it should still be live at the provider, and how its writes paid off.
/// </summary>
public readonly record struct PrefixSnapshot(
    long Sightings,
    DateTimeOffset LastSeen,
    DateTimeOffset? CacheLiveUntil,
    TimeSpan CacheTtl,
    long Writes,
    long Reads,
    long WastedWrites,
    int ShortIntervals,
    int PreviousMinuteCount)
{
    public bool IsNew => Sightings == 0;

    public bool CacheLive(DateTimeOffset now) => CacheLiveUntil is { } until && now <= until;
}
