using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Tools.SelfHosting;

/// <summary>
/// Break-even between paying an API per token and renting GPUs by the hour. Pure arithmetic on
/// decimals so a finance team can redo every figure by hand.
/// </summary>
public static class RoiCalculator
{
    /// <summary>
    /// Days in the month used on both sides of the comparison. 30.4 × 24 = 729.6 h, close to the
    /// 730 h cloud providers quote for a month of an always-on instance.
    /// </summary>
    public const decimal DaysPerMonth = BillingCalendar.DaysPerMonth;

    public const decimal HoursPerMonth = BillingCalendar.HoursPerMonth;

    private const decimal SecondsPerDay = 86_400m;

    public static RoiResult Calculate(RoiInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);

        // Priced through the same calculator and cached-token rounding as `frugal estimate`, so the two
        // commands agree on what the API costs per request (long-context tiers included).
        var cached = (long)Math.Round(input.InputTokens * input.CachedShare, MidpointRounding.AwayFromZero);
        var usage = new TokenUsage(input.InputTokens, cached, 0, 0, input.OutputTokens, 0);
        var apiPerRequest = CostCalculator.Compute(input.ApiPrice, usage).TotalUsd;
        var apiMonthlyPerDailyRequest = apiPerRequest * DaysPerMonth;
        var apiMonthly = apiMonthlyPerDailyRequest * input.RequestsPerDay;

        var opsMonthly = input.OpsHoursPerMonth * input.EngineeringRateUsd;
        var gpuMonthly = GpuMonthly(input, input.Gpus);
        var selfHostMonthly = gpuMonthly + opsMonthly;
        var setup = input.EngineeringHours * input.EngineeringRateUsd;

        var tokensPerRequest = (decimal)input.InputTokens + input.OutputTokens;
        var tokensNeeded = tokensPerRequest * input.RequestsPerDay;
        var perGpuPerDay = input.TokensPerSecondPerGpu * SecondsPerDay * input.Utilization;
        var capacity = perGpuPerDay * input.Gpus;
        var gpusNeeded = Math.Max(1, (int)Math.Ceiling(tokensNeeded / perGpuPerDay));

        var saving = apiMonthly - selfHostMonthly;
        decimal? payback = saving > 0 ? setup / saving : null;

        // Monthly costs are equal where requests/day × API cost per request × days = self-host monthly;
        // the GPU bill does not grow with volume until the GPUs are full, hence the capacity cap.
        decimal? breakEven = apiMonthlyPerDailyRequest > 0 ? selfHostMonthly / apiMonthlyPerDailyRequest : null;
        var maxRequests = tokensPerRequest > 0 ? capacity / tokensPerRequest : decimal.MaxValue;

        return new RoiResult
        {
            Input = input,
            ApiPerRequestUsd = apiPerRequest,
            ApiMonthlyUsd = apiMonthly,
            GpuMonthlyUsd = gpuMonthly,
            OpsMonthlyUsd = opsMonthly,
            SetupUsd = setup,
            TokensPerDayNeeded = tokensNeeded,
            TokensPerDayCapacity = capacity,
            GpusNeeded = gpusNeeded,
            SelfHostMonthlyAtGpusNeededUsd = GpuMonthly(input, gpusNeeded) + opsMonthly,
            PaybackMonths = payback,
            BreakEvenRequestsPerDay = breakEven,
            MaxRequestsPerDay = maxRequests,
            ApiTotalUsd = apiMonthly * input.Months,
            SelfHostTotalUsd = setup + (selfHostMonthly * input.Months),
        };
    }

    private static decimal GpuMonthly(RoiInput input, int gpus) => input.GpuHourlyUsd * gpus * HoursPerMonth;

    /// <summary>The CLI checks ranges with friendlier messages; this guards other callers from nonsense figures.</summary>
    private static void Validate(RoiInput input)
    {
        ArgumentNullException.ThrowIfNull(input.ApiPrice);
        ArgumentOutOfRangeException.ThrowIfNegative(input.RequestsPerDay);
        ArgumentOutOfRangeException.ThrowIfNegative(input.InputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(input.OutputTokens);
        if (input.CachedShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.CachedShare, "CachedShare must be from 0 to 1.");
        }

        if (input.Utilization is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Utilization, "Utilization must be above 0 and at most 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(input.GpuHourlyUsd);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Gpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.TokensPerSecondPerGpu);
        ArgumentOutOfRangeException.ThrowIfNegative(input.EngineeringHours);
        ArgumentOutOfRangeException.ThrowIfNegative(input.EngineeringRateUsd);
        ArgumentOutOfRangeException.ThrowIfNegative(input.OpsHoursPerMonth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Months);
    }
}
