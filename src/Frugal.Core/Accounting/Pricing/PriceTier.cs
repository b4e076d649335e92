namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// Long-context prices (Gemini 2.5 Pro, Claude Sonnet 4/4.5 with the 1M context, Qwen3-Max): when a
/// call's input exceeds <see cref="AboveInputTokens"/>, these prices replace the base prices for the
/// whole call, output included, because that is how the providers bill it. USD per 1M tokens.
/// </summary>
public sealed record PriceTier
{
    /// <summary>The tier applies when the call's input tokens (cache reads and writes included) are strictly above this.</summary>
    public required long AboveInputTokens { get; init; }

    public required decimal InputPerMillion { get; init; }

    public required decimal CachedInputPerMillion { get; init; }

    /// <summary>Null: 1.25 × this tier's input price.</summary>
    public decimal? CacheWrite5mPerMillion { get; init; }

    /// <summary>Null: 2 × this tier's input price.</summary>
    public decimal? CacheWrite1hPerMillion { get; init; }

    public required decimal OutputPerMillion { get; init; }

    /// <summary>Null: reasoning tokens are billed at this tier's output price.</summary>
    public decimal? ReasoningPerMillion { get; init; }
}
