namespace Frugal.MockUpstream;

/// <summary>What <see cref="PromptCacheSimulator"/> found for one Anthropic request: tokens read, written (all TTLs) and written at 1 h.</summary>
internal readonly record struct SimulatedCache(int Read, int Write, int Write1h);
