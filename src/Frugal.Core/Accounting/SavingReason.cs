namespace Frugal.Core.Accounting;

/// <summary>Why a request cost less than it would have without Frugal; each has its own ledger column.</summary>
public enum SavingReason
{
    /// <summary>Answered from the exact cache: the whole call was saved.</summary>
    Cache,

    /// <summary>Answered from the semantic cache.</summary>
    SemanticCache,

    /// <summary>Routed to a cheaper model than the one asked for.</summary>
    Routing,

    /// <summary>Fewer input tokens after prompt compression.</summary>
    Compression,

    /// <summary>Deferred into a provider batch at a discount.</summary>
    Batch,

    /// <summary>Input tokens the provider billed at its cached-input price.</summary>
    ProviderCache,
}
