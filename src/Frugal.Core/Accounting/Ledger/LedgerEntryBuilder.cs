namespace Frugal.Core.Accounting.Ledger;

/// <summary>
/// The fields of a <see cref="LedgerEntry"/> that the stages' features fill in (<see cref="ILedgerContribution"/>);
/// <see cref="RequestLedger"/> adds what it knows itself (who, when, how it ended, the price) and builds the entry.
/// </summary>
public sealed class LedgerEntryBuilder
{
    private List<string>? _tags;

    /// <summary>The ledger's endpoint when not the client's own ("evaluation" for shadow and judge calls).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The gateway-side model that answered (routing's target, or the model a cached answer came from).</summary>
    public string? Model { get; set; }

    public string? UpstreamModel { get; set; }

    public string? Provider { get; set; }

    public int Attempts { get; set; }

    public string? AttemptLog { get; set; }

    public TokenUsage Usage { get; set; }

    public bool UsageEstimated { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the first byte of the answer was available; 0 = never.</summary>
    public long FirstTokenTimestamp { get; set; }

    public CacheOutcome CacheOutcome { get; set; }

    public bool Batched { get; set; }

    /// <summary>Set by the prompt-cache stage's feature.</summary>
    public PromptCacheFacts? PromptCache { get; set; }

    /// <summary>Prompt tokens (o200k) before and after the compression stage; null when it did not count the prompt.</summary>
    public int? CompressionTokensBefore { get; set; }

    public int? CompressionTokensAfter { get; set; }

    /// <summary>The request as compression sent it upstream (kept beside the client's body only when bodies are stored).</summary>
    public Frugal.Protocol.OpenAI.ChatCompletionRequest? CompressedChat { get; set; }

    /// <summary>What the summary of dropped history turns cost this request (0 from the cache); added to the entry's cost.</summary>
    public decimal? CompressionSummaryUsd { get; set; }

    /// <summary>Entity counts of the privacy stage (compact JSON), stored in <c>pii_entities</c>.</summary>
    public string? PiiEntities { get; set; }

    /// <summary>Set by the privacy stage: turns a stored answer body back into its masked form (the client got the values).</summary>
    public Func<string, string>? MaskResponseBody { get; set; }

    /// <summary>Tags a stage adds to the key's own (e.g. what a stage did to the request); null when none were added.</summary>
    public IReadOnlyList<string>? AddedTags => _tags;

    public void AddTag(string tag) => (_tags ??= []).Add(tag);
}
