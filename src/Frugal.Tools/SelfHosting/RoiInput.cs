using Frugal.Core.Accounting.Pricing;

namespace Frugal.Tools.SelfHosting;

/// <summary>
/// What <see cref="RoiCalculator"/> compares: a workload priced on an API model against the same
/// workload served by rented or owned GPUs.
/// </summary>
public sealed record RoiInput
{
    /// <summary>The API model's prices (from the catalog, or built from explicit per-1M prices).</summary>
    public required ModelPrice ApiPrice { get; init; }

    public required long RequestsPerDay { get; init; }

    /// <summary>Prompt tokens per request.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Completion tokens per request.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Share (0..1) of input tokens the API bills at its cached-input price.</summary>
    public decimal CachedShare { get; init; }

    /// <summary>USD per GPU-hour: a cloud rental rate, or an owned card's amortised cost plus power.</summary>
    public required decimal GpuHourlyUsd { get; init; }

    public int Gpus { get; init; } = 1;

    /// <summary>
    /// Aggregate throughput of ONE GPU at full load, counting every token the server processes:
    /// prompt tokens (prefill) plus generated tokens (decode), summed over all concurrent requests.
    /// This is the "total token throughput" vLLM's and SGLang's serving benchmarks report; measure it
    /// with your own prompt/completion mix, because prefill is many times faster than decode.
    /// </summary>
    public required decimal TokensPerSecondPerGpu { get; init; }

    /// <summary>Share (0..1] of that throughput traffic really uses: peaks, idle nights and headroom cost the rest.</summary>
    public decimal Utilization { get; init; } = 0.6m;

    /// <summary>One-off effort to set the server up (deploy, evaluate quality, wire monitoring).</summary>
    public decimal EngineeringHours { get; init; }

    public decimal EngineeringRateUsd { get; init; } = 100m;

    /// <summary>Ongoing effort every month (upgrades, on-call, incidents).</summary>
    public decimal OpsHoursPerMonth { get; init; } = 8m;

    /// <summary>The horizon the totals cover.</summary>
    public int Months { get; init; } = 12;
}
