namespace Frugal.Core.Accounting.Pricing;

/// <summary>The <c>prices</c> section of the config.</summary>
public sealed record PricingConfig
{
    public MissingPricePolicy MissingPolicy { get; init; } = MissingPricePolicy.Flag;

    /// <summary>A catalog file to use instead of the one built into the binary (for prices newer than the release).</summary>
    public string? CatalogPath { get; init; }

    /// <summary>Per-model prices from the config; they win over the catalog, aliases and dates included.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Overrides { get; init; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
}
