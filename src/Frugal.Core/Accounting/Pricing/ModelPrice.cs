using Frugal.Core.Configuration;

namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// One model's prices from one date on, in USD per 1M tokens. Several entries for one model with
/// different <see cref="EffectiveFrom"/> dates are its price history.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>The provider's model id (for a config override, the name it was configured under).</summary>
    public required string Model { get; init; }

    public string Provider { get; init; } = "";

    /// <summary>Other names that mean the same model at the same price: dated snapshots and short names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The first day (UTC) this price applies to.</summary>
    public DateOnly EffectiveFrom { get; init; } = DateOnly.MinValue;

    /// <summary>Where the price comes from, so a finance team can check it against the invoice.</summary>
    public string Source { get; init; } = "";

    public required decimal InputPerMillion { get; init; }

    /// <summary>Cache reads. Equal to <see cref="InputPerMillion"/> where the provider gives no cache discount.</summary>
    public required decimal CachedInputPerMillion { get; init; }

    /// <summary>Anthropic 5-minute cache writes. Null: 1.25 × input, Anthropic's documented multiplier.</summary>
    public decimal? CacheWrite5mPerMillion { get; init; }

    /// <summary>Anthropic 1-hour cache writes. Null: 2 × input, Anthropic's documented multiplier.</summary>
    public decimal? CacheWrite1hPerMillion { get; init; }

    public required decimal OutputPerMillion { get; init; }

    /// <summary>Null: reasoning tokens are billed as output, as OpenAI, Anthropic, Google and DeepSeek do.</summary>
    public decimal? ReasoningPerMillion { get; init; }

    /// <summary>Share taken off every part of a batch call: 0.5 where the provider's batch API halves prices.</summary>
    public decimal BatchDiscount { get; init; }

    /// <summary>What calls the model answers (catalog <c>"mode"</c>, default chat): only chat models are route targets.</summary>
    public ModelMode Mode { get; init; } = ModelMode.Chat;

    /// <summary>Long-context tiers, ascending by threshold.</summary>
    public IReadOnlyList<PriceTier> Tiers { get; init; } = [];

    /// <summary>
    /// An explicitly free model (self-hosted, already paid for). Recording $0 is right here because
    /// someone said so in the config, unlike a model that merely has no price.
    /// </summary>
    public static ModelPrice Free(string model) => new()
    {
        Model = model,
        Provider = "self-hosted",
        Source = "config: free",
        InputPerMillion = 0m,
        CachedInputPerMillion = 0m,
        CacheWrite5mPerMillion = 0m,
        CacheWrite1hPerMillion = 0m,
        OutputPerMillion = 0m,
    };

    /// <summary>
    /// A self-hosted model priced by what its GPUs cost: the hourly cost spread over the tokens those
    /// GPUs serve in an hour, the same per-token price for input and output.
    /// </summary>
    public static ModelPrice FromGpuHour(string model, decimal gpuHourUsd, int gpuCount, decimal tokensPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gpuHourUsd);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpuCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);

        // Multiply before dividing so the one inexact step (the division) comes last.
        var perMillion = gpuHourUsd * gpuCount * 1_000_000m / (tokensPerSecond * 3600m);
        return new ModelPrice
        {
            Model = model,
            Provider = "self-hosted",
            Source = "config: GPU-hour",
            InputPerMillion = perMillion,
            CachedInputPerMillion = perMillion,
            CacheWrite5mPerMillion = perMillion,
            CacheWrite1hPerMillion = perMillion,
            OutputPerMillion = perMillion,
        };
    }
}
