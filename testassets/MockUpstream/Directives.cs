namespace Frugal.MockUpstream;

/// <summary>The <c>[[name:value]]</c> markers found in one request. Null means "not given".</summary>
internal sealed class Directives
{
    public static readonly Directives None = new();

    /// <summary>Fault kind, e.g. <c>429</c>, <c>timeout</c>, <c>midstream-error</c>.</summary>
    public string? Fault { get; init; }

    /// <summary>With <see cref="FaultKey"/>: the fault fires only for the first N requests carrying that key.</summary>
    public int? FaultTimes { get; init; }

    public string? FaultKey { get; init; }

    public int? LatencyMs { get; init; }

    public int? Chunks { get; init; }

    public int? ChunkDelayMs { get; init; }

    public int? Tokens { get; init; }

    public int? Cached { get; init; }

    public int? Reasoning { get; init; }

    public int? CacheWrite { get; init; }
}
