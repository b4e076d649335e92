namespace Frugal.Core.Accounting;

/// <summary>
/// Whose saving each <see cref="SavingReason"/> is and what it is measured against, in one place for the dashboard
/// and <c>frugal demo</c>. Frugal's own savings (caches, routing, compression, batching) exist because the gateway
/// acted; the provider's prompt-cache discount is given by the provider with or without a gateway, so it is shown
/// apart and never added to what Frugal saved.
/// </summary>
public static class SavingBaselines
{
    /// <summary>True when the saving comes from something Frugal did; false for the provider's own discount.</summary>
    public static bool IsFrugals(SavingReason reason) => reason != SavingReason.ProviderCache;

    /// <summary>The baseline a saving of this reason is measured against, in a phrase a reader can check.</summary>
    public static string Baseline(SavingReason reason) => reason switch
    {
        SavingReason.Cache => "the upstream call it replaced: the stored answer's tokens at the model's price",
        SavingReason.SemanticCache => "the upstream call it replaced: the stored answer's tokens at the model's price",
        SavingReason.Routing => "the route's strongest target (complexity: powerful tier; learned: strong model) for the same tokens",
        SavingReason.Compression => "the uncompressed prompt at the same model's price",
        SavingReason.Batch => "the same call at the provider's non-batch price",
        SavingReason.ProviderCache => "cached input tokens at the full input price; the provider gives this discount with or without Frugal",
        _ => "the same call without this lever",
    };
}
