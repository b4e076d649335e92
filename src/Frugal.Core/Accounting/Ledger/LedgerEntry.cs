namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// One client request, as the ledger keeps it: exactly one entry per request, written after the
/// answer (or failure) and never on the request's critical path.
/// </summary>
public sealed record LedgerEntry
{
    public required DateTimeOffset Timestamp { get; init; }
    public required string RequestId { get; init; }
    public required string Endpoint { get; init; }
    public required string KeyId { get; init; }
    public string? KeyName { get; init; }
    public string? Team { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? RequestedModel { get; init; }
    public string? Model { get; init; }
    public string? UpstreamModel { get; init; }
    public string? Provider { get; init; }
    public int Attempts { get; init; }

    /// <summary>Each upstream attempt as "provider/model:status:ms", for failover forensics.</summary>
    public string? AttemptLog { get; init; }

    public TokenUsage Usage { get; init; }

    /// <summary>True when the upstream reported no usage (a stream cut short) and the tokens were estimated from the text.</summary>
    public bool UsageEstimated { get; init; }

    /// <summary>Null when the model has no price: an unknown cost is never recorded as $0.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Cache-write tokens × (write price − input price); 0 without writes or without a price (ledger cache_write_premium_nusd).</summary>
    public decimal CacheWritePremiumUsd { get; init; }

    public IReadOnlyDictionary<SavingReason, decimal> Savings { get; init; } = new Dictionary<SavingReason, decimal>();
    public double LatencyMs { get; init; }
    public double? TimeToFirstTokenMs { get; init; }
    public int StatusCode { get; init; }
    public string? ErrorCode { get; init; }
    public CacheOutcome CacheOutcome { get; init; }
    public bool Streamed { get; init; }
    public bool Batched { get; init; }
    public string? RequestBody { get; init; }
    public string? ResponseBody { get; init; }

    /// <summary>Set when the prompt-cache stage ran on the request (ledger columns prompt_*).</summary>
    public PromptCacheFacts? PromptCache { get; init; }

    /// <summary>Prompt tokens (o200k) before and after compression; null when the compression stage did not count the prompt.</summary>
    public int? CompressionTokensBefore { get; init; }
    public int? CompressionTokensAfter { get; init; }

    /// <summary>The compressed request that went upstream, when bodies are kept and compression changed the prompt.</summary>
    public string? CompressedRequestBody { get; init; }

    /// <summary>The part of <see cref="CostUsd"/> that paid for the summary of dropped history turns (null = no summary).</summary>
    public decimal? CompressionSummaryUsd { get; init; }

    /// <summary>Personal-data values the privacy stage acted on, by entity type, as compact JSON; null when none.</summary>
    public string? PiiEntities { get; init; }

    /// <summary>The batch job this row bills a line of (with <see cref="CustomId"/>: unique in the ledger); null for other rows.</summary>
    public string? BatchId { get; init; }

    /// <summary>The line's <c>custom_id</c> within <see cref="BatchId"/>.</summary>
    public string? CustomId { get; init; }

    public decimal SavedUsd => Savings.Values.Sum();
}
