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

    /// <summary>When set, the fault applies only to requests for this model (a gateway's failover goes elsewhere).</summary>
    public string? FaultModel { get; init; }

    /// <summary>Replaces the reply text (<c>[[reply:TEXT]]</c>), e.g. a judge's verdict.</summary>
    public string? Reply { get; init; }

    /// <summary><c>[[echo-auth:STATUS]]</c>, <c>[[echo-auth:STATUS:text]]</c> or <c>[[echo-auth:midstream]]</c>: an error quoting the request's credentials.</summary>
    public string? EchoAuth { get; init; }

    /// <summary>These directives for a request to <paramref name="model"/>: a fault aimed at another model is dropped.</summary>
    public Directives ForModel(string model) =>
        FaultModel is null || string.Equals(FaultModel, model, StringComparison.Ordinal)
            ? this
            : new Directives
            {
                LatencyMs = LatencyMs,
                Chunks = Chunks,
                ChunkDelayMs = ChunkDelayMs,
                Tokens = Tokens,
                Cached = Cached,
                Reasoning = Reasoning,
                CacheWrite = CacheWrite,
                Reply = Reply,
                EchoAuth = EchoAuth,
            };

    public int? LatencyMs { get; init; }

    public int? Chunks { get; init; }

    public int? ChunkDelayMs { get; init; }

    public int? Tokens { get; init; }

    public int? Cached { get; init; }

    public int? Reasoning { get; init; }

    public int? CacheWrite { get; init; }
}
