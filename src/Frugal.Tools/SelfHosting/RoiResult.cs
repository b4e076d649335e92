namespace Frugal.Tools.SelfHosting;

/// <summary>
/// The break-even between an API model and self-hosting, in USD. Null means "never":
/// <see cref="PaybackMonths"/> when self-hosting costs at least as much every month,
/// <see cref="BreakEvenRequestsPerDay"/> when the API is free for this workload.
/// </summary>
public sealed record RoiResult
{
    public required RoiInput Input { get; init; }

    public required decimal ApiPerRequestUsd { get; init; }

    public required decimal ApiMonthlyUsd { get; init; }

    /// <summary>GPUs × hourly rate × hours in a month: billed whether busy or idle.</summary>
    public required decimal GpuMonthlyUsd { get; init; }

    public required decimal OpsMonthlyUsd { get; init; }

    public decimal SelfHostMonthlyUsd => GpuMonthlyUsd + OpsMonthlyUsd;

    public required decimal SetupUsd { get; init; }

    /// <summary>Prompt plus completion tokens the workload needs served per day.</summary>
    public required decimal TokensPerDayNeeded { get; init; }

    /// <summary>What the configured GPUs serve per day at the given utilization.</summary>
    public required decimal TokensPerDayCapacity { get; init; }

    /// <summary>The fewest GPUs that serve the workload at the given utilization (at least 1).</summary>
    public required int GpusNeeded { get; init; }

    public bool CapacityShortfall => TokensPerDayNeeded > TokensPerDayCapacity;

    /// <summary>The monthly self-hosting cost with <see cref="GpusNeeded"/> GPUs, the honest figure when capacity falls short.</summary>
    public required decimal SelfHostMonthlyAtGpusNeededUsd { get; init; }

    /// <summary>API monthly minus self-host monthly: negative when self-hosting is dearer.</summary>
    public decimal MonthlySavingUsd => ApiMonthlyUsd - SelfHostMonthlyUsd;

    /// <summary>Set-up cost / monthly saving; null (never) when self-hosting saves nothing.</summary>
    public required decimal? PaybackMonths { get; init; }

    /// <summary>The volume at which the API's monthly cost equals self-hosting's with the configured GPUs.</summary>
    public required decimal? BreakEvenRequestsPerDay { get; init; }

    /// <summary>The most requests per day the configured GPUs serve at the given utilization.</summary>
    public required decimal MaxRequestsPerDay { get; init; }

    /// <summary>False when the break-even volume is more than the configured GPUs can serve.</summary>
    public bool BreakEvenWithinCapacity => BreakEvenRequestsPerDay is { } r && r <= MaxRequestsPerDay;

    public required decimal ApiTotalUsd { get; init; }

    /// <summary>Set-up plus self-host monthly × months.</summary>
    public required decimal SelfHostTotalUsd { get; init; }

    public decimal HorizonSavingUsd => ApiTotalUsd - SelfHostTotalUsd;
}
