using Frugal.Core.Accounting.Pricing;
using Frugal.Tools.SelfHosting;

namespace Frugal.Tests.Tools.SelfHosting;

/// <summary>The break-even arithmetic, each figure redone by hand in the comments.</summary>
public sealed class RoiCalculatorTests
{
    private static readonly ModelPrice ThreeFifteen = new()
    {
        Model = "api",
        InputPerMillion = 3m,
        CachedInputPerMillion = 0.3m,
        OutputPerMillion = 15m,
    };

    private static RoiInput Worked(long requestsPerDay = 20_000) => new()
    {
        ApiPrice = ThreeFifteen,
        RequestsPerDay = requestsPerDay,
        InputTokens = 1_500,
        OutputTokens = 400,
        GpuHourlyUsd = 2.50m,
        Gpus = 2,
        TokensPerSecondPerGpu = 2_500m,
        Utilization = 0.6m,
        EngineeringHours = 80m,
        EngineeringRateUsd = 100m,
        OpsHoursPerMonth = 8m,
        Months = 12,
    };

    [Fact]
    public void Worked_example_pays_back_in_about_four_months()
    {
        var r = RoiCalculator.Calculate(Worked());

        // API: (1,500 × $3 + 400 × $15) / 1M = $0.0105 a request; × 20,000 × 30.4 days = $6,384.00 a month.
        Assert.Equal(0.0105m, r.ApiPerRequestUsd);
        Assert.Equal(6_384m, r.ApiMonthlyUsd);

        // Self-hosted: 2 GPUs × $2.50 × 729.6 h = $3,648.00, + 8 ops hours × $100 = $800 → $4,448.00 a month.
        Assert.Equal(3_648m, r.GpuMonthlyUsd);
        Assert.Equal(800m, r.OpsMonthlyUsd);
        Assert.Equal(4_448m, r.SelfHostMonthlyUsd);

        // Saving $6,384 − $4,448 = $1,936 a month; set-up 80 h × $100 = $8,000; payback 8,000 / 1,936 = 4.13 months.
        Assert.Equal(1_936m, r.MonthlySavingUsd);
        Assert.Equal(8_000m, r.SetupUsd);
        Assert.Equal(4.13m, Math.Round(r.PaybackMonths!.Value, 2));

        // Break-even: $4,448 / ($0.0105 × 30.4) = 4,448 / 0.3192 = 13,934.8 requests/day.
        Assert.Equal(13_934.8m, Math.Round(r.BreakEvenRequestsPerDay!.Value, 1));
        Assert.True(r.BreakEvenWithinCapacity);

        // 12 months: API 12 × 6,384 = $76,608; self-hosted 8,000 + 12 × 4,448 = $61,376.
        Assert.Equal(76_608m, r.ApiTotalUsd);
        Assert.Equal(61_376m, r.SelfHostTotalUsd);
        Assert.Equal(15_232m, r.HorizonSavingUsd);
    }

    [Fact]
    public void Capacity_is_gpus_times_throughput_times_a_day_times_utilization()
    {
        var r = RoiCalculator.Calculate(Worked());

        // Needed: 20,000 × (1,500 + 400) = 38,000,000 tokens/day.
        // Served: 2 × 2,500 tok/s × 86,400 s × 0.6 = 259,200,000 tokens/day; one GPU (129,600,000) is enough.
        Assert.Equal(38_000_000m, r.TokensPerDayNeeded);
        Assert.Equal(259_200_000m, r.TokensPerDayCapacity);
        Assert.Equal(1, r.GpusNeeded);
        Assert.False(r.CapacityShortfall);

        // Most requests the two GPUs serve: 259,200,000 / 1,900 = 136,421 a day.
        Assert.Equal(136_421m, Math.Floor(r.MaxRequestsPerDay));
    }

    [Fact]
    public void Self_hosting_dearer_than_the_api_never_pays_back()
    {
        // API: (1,500 × $0.15 + 400 × $0.60) / 1M = $0.000465 a request → × 20,000 × 30.4 = $282.72 a month,
        // against $4,448 self-hosted.
        var cheap = Worked() with { ApiPrice = ThreeFifteen with { InputPerMillion = 0.15m, CachedInputPerMillion = 0.075m, OutputPerMillion = 0.60m } };

        var r = RoiCalculator.Calculate(cheap);

        Assert.Equal(282.72m, r.ApiMonthlyUsd);
        Assert.True(r.MonthlySavingUsd < 0);
        Assert.Null(r.PaybackMonths);

        // Break-even 4,448 / (0.000465 × 30.4) = 314,657 a day: more than the 136,421 the GPUs serve.
        Assert.Equal(314_657m, Math.Floor(r.BreakEvenRequestsPerDay!.Value));
        Assert.False(r.BreakEvenWithinCapacity);
    }

    [Fact]
    public void A_load_beyond_the_gpus_is_flagged_with_the_gpus_it_needs()
    {
        // 50,000 × 1,900 = 95,000,000 tokens/day; one GPU at 1,000 tok/s × 86,400 × 0.6 serves 51,840,000.
        // 95,000,000 / 51,840,000 = 1.83 → 2 GPUs, costing 2 × 2.5 × 729.6 + 800 = $4,448 a month.
        var r = RoiCalculator.Calculate(Worked(50_000) with { Gpus = 1, TokensPerSecondPerGpu = 1_000m });

        Assert.True(r.CapacityShortfall);
        Assert.Equal(2, r.GpusNeeded);
        Assert.Equal(2_624m, r.SelfHostMonthlyUsd);
        Assert.Equal(4_448m, r.SelfHostMonthlyAtGpusNeededUsd);
    }

    [Fact]
    public void Cached_input_is_billed_at_the_cached_price()
    {
        // 40% of 1,500 = 600 cached: (900 × $3 + 600 × $0.30 + 400 × $15) / 1M = (2,700 + 180 + 6,000) / 1M = $0.00888.
        var r = RoiCalculator.Calculate(Worked() with { CachedShare = 0.4m });

        Assert.Equal(0.00888m, r.ApiPerRequestUsd);
    }

    [Fact]
    public void No_setup_cost_pays_back_at_once()
    {
        var r = RoiCalculator.Calculate(Worked() with { EngineeringHours = 0 });

        Assert.Equal(0m, r.PaybackMonths);
    }

    [Fact]
    public void Nonsense_input_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RoiCalculator.Calculate(Worked() with { Utilization = 1.5m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoiCalculator.Calculate(Worked() with { Utilization = 0m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoiCalculator.Calculate(Worked() with { Gpus = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoiCalculator.Calculate(Worked() with { RequestsPerDay = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoiCalculator.Calculate(Worked() with { TokensPerSecondPerGpu = 0m }));
    }
}
