using Frugal.Tools.SelfHosting;

namespace Frugal.Tests.Tools.SelfHosting;

/// <summary>
/// Memory sizing checked against hand arithmetic. Bytes are exact; GiB = 2^30 bytes, GB = 10^9 bytes.
/// </summary>
public sealed class HardwareEstimatorTests
{
    private const decimal GiB = 1024m * 1024m * 1024m;

    private static MemoryEstimate Llama70BQ4At8k() => HardwareEstimator.Estimate(new HardwareInput
    {
        Parameters = 70e9m,
        Quant = QuantTable.Find("Q4_K_M"),
        Context = 8192,
    }).Estimates.Single();

    [Fact]
    public void Seventy_b_at_q4_k_m_and_8k_context_is_sized_by_hand()
    {
        var e = Llama70BQ4At8k();

        // Weights: 70e9 × 4.85 / 8 = 42,437,500,000 bytes = 42.44 GB = 39.52 GiB.
        Assert.Equal(42_437_500_000m, e.WeightsBytes);
        Assert.Equal(39.52m, Math.Round(e.WeightsBytes / GiB, 2));

        // KV, Llama-3-70B (80 layers, 8 KV heads, head dim 128), fp16:
        // 2 × 80 × 8 × 128 × 8192 × 2 bytes = 2,684,354,560 bytes = 2.68 GB = exactly 2.5 GiB.
        Assert.Equal(2_684_354_560m, e.KvCacheBytes);
        Assert.Equal(2.5m, e.KvCacheBytes / GiB);

        // Activations 5% of weights = 2,121,875,000; runtime 0.5 GiB = 536,870,912.
        // Total 42,437,500,000 + 2,684,354,560 + 2,121,875,000 + 536,870,912 = 47,780,600,472 bytes = 44.50 GiB.
        Assert.Equal(2_121_875_000m, e.ActivationBytes);
        Assert.Equal(536_870_912m, e.RuntimeBytes);
        Assert.Equal(47_780_600_472m, e.TotalBytes);
        Assert.Equal(44.50m, Math.Round(e.TotalBytes / GiB, 2));
    }

    [Theory]
    // 44.50 GiB on one card: fits 48 GiB and up.
    [InlineData("L40S 48 GB", 1)]
    [InlineData("A100 80 GB", 1)]
    [InlineData("H100 80 GB", 1)]
    [InlineData("MI300X 192 GB", 1)]
    // Split: 44.00 GiB (all but the runtime) over cards that each give 0.95 × size − 0.5 GiB:
    // 24 GiB → 22.3 each → 1.97 → 2;  40 GiB → 37.5 → 1.17 → 2;  32 GiB → 29.9 → 1.47 → 2;
    // 16 GiB → 14.7 → 2.99 → 3;  12 GiB → 10.9 → 4.04 → 5.
    [InlineData("RTX 4090 24 GB", 2)]
    [InlineData("RTX 3090 24 GB", 2)]
    [InlineData("A100 40 GB", 2)]
    [InlineData("RTX 5090 32 GB", 2)]
    [InlineData("RTX 4060 Ti 16 GB", 3)]
    [InlineData("RTX 3060 12 GB", 5)]
    public void Seventy_b_at_q4_k_m_needs_these_cards(string card, int cards)
    {
        var fit = Llama70BQ4At8k().Gpus.Single(g => g.Card.Name == card);

        Assert.Equal(cards, fit.CardsNeeded);
    }

    [Fact]
    public void Tensor_parallel_rounds_up_to_a_power_of_two()
    {
        var e = Llama70BQ4At8k();

        Assert.Equal(4, e.Gpus.Single(g => g.Card.Name == "RTX 4060 Ti 16 GB").TensorParallelCards);
        Assert.Equal(8, e.Gpus.Single(g => g.Card.Name == "RTX 3060 12 GB").TensorParallelCards);
        Assert.Equal("L40S 48 GB", e.SmallestSingleGpu?.Name);
    }

    [Fact]
    public void Ram_keeps_four_gib_for_the_os()
    {
        var e = Llama70BQ4At8k();

        // 64 − 4 − 44.50 = 15.50 GiB spare; 32 − 4 − 44.50 = 16.50 short.
        var ram64 = e.Ram.Single(r => r.SizeGiB == 64m);
        Assert.True(ram64.Fits);
        Assert.Equal(15.50m, Math.Round(ram64.SpareGiB, 2));
        Assert.False(e.Ram.Single(r => r.SizeGiB == 32m).Fits);
        Assert.Equal(64m, e.SmallestRamGiB);
    }

    [Theory]
    // Llama 3.1 8B: 2 × 32 × 8 × 128 × 4096 tokens = 268,435,456 elements.
    [InlineData("fp16", 536_870_912)]   // × 2 bytes
    [InlineData("q8_0", 285_212_672)]   // × 34/32 bytes
    [InlineData("q4_0", 150_994_944)]   // × 18/32 bytes
    public void Kv_cache_format_sets_bytes_per_element(string format, long bytes)
    {
        var e = HardwareEstimator.Estimate(new HardwareInput
        {
            Parameters = 8e9m,
            Quant = QuantTable.Find("Q8_0"),
            KvCache = KvCacheFormat.Find(format)!,
        });

        Assert.Equal("Llama 3.1 8B", e.Shape.Name);
        Assert.Equal(bytes, e.Estimates.Single().KvCacheBytes);
    }

    [Fact]
    public void Batch_multiplies_the_kv_cache()
    {
        var one = HardwareEstimator.Estimate(new HardwareInput { Parameters = 8e9m, Quant = QuantTable.Find("fp16") });
        var eight = HardwareEstimator.Estimate(new HardwareInput { Parameters = 8e9m, Quant = QuantTable.Find("fp16"), Batch = 8 });

        Assert.Equal(one.Estimates[0].KvCacheBytes * 8, eight.Estimates[0].KvCacheBytes);
        Assert.Equal(one.Estimates[0].WeightsBytes, eight.Estimates[0].WeightsBytes);
    }

    [Theory]
    [InlineData("0.5B", "Qwen2.5 0.5B")]
    [InlineData("1B", "Llama 3.2 1B")]
    [InlineData("7B", "Mistral 7B")]
    [InlineData("8B", "Llama 3.1 8B")]
    [InlineData("13B", "Qwen2.5 14B")]   // nearer 14.7B than 8B by ratio
    [InlineData("70B", "Llama 3.1 70B")]
    [InlineData("405B", "Llama 3.1 405B")]
    public void Shape_comes_from_the_nearest_known_model(string size, string expected)
    {
        Assert.True(ParameterCount.TryParse(size, out var parameters));

        var e = HardwareEstimator.Estimate(new HardwareInput { Parameters = parameters });

        Assert.Equal(expected, e.Shape.Name);
        Assert.True(e.ShapeEstimated);
    }

    [Fact]
    public void Given_architecture_wins_over_the_estimate()
    {
        var all = HardwareEstimator.Estimate(new HardwareInput { Parameters = 70e9m, Layers = 64, KvHeads = 4, HeadDim = 64 });
        var some = HardwareEstimator.Estimate(new HardwareInput { Parameters = 70e9m, Layers = 40 });

        Assert.False(all.ShapeEstimated);
        Assert.Equal((64, 4, 64), (all.Shape.Layers, all.Shape.KvHeads, all.Shape.HeadDim));
        Assert.True(some.ShapeEstimated);
        Assert.Equal((40, 8, 128), (some.Shape.Layers, some.Shape.KvHeads, some.Shape.HeadDim));
    }

    [Fact]
    public void Without_a_quant_every_level_is_estimated()
    {
        var e = HardwareEstimator.Estimate(new HardwareInput { Parameters = 8e9m });

        Assert.Equal(QuantTable.All.Select(q => q.Name), e.Estimates.Select(x => x.Quant.Name));
    }

    [Theory]
    [InlineData("70B", 70_000_000_000)]
    [InlineData("1.5B", 1_500_000_000)]
    [InlineData("7b", 7_000_000_000)]
    [InlineData("500M", 500_000_000)]
    [InlineData("7000000000", 7_000_000_000)]
    public void Parameter_counts_read_as_people_write_them(string text, long expected)
    {
        Assert.True(ParameterCount.TryParse(text, out var parameters));
        Assert.Equal(expected, parameters);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("B")]
    [InlineData("-7B")]
    [InlineData("0B")]
    [InlineData("99999999999999999999999T")]
    public void Nonsense_parameter_counts_are_refused(string text)
    {
        Assert.False(ParameterCount.TryParse(text, out _));
    }

    [Theory]
    [InlineData("q4_k_m", "Q4_K_M")]
    [InlineData("Q8_0", "Q8_0")]
    [InlineData("bf16", "fp16")]
    [InlineData("INT4", "int4")]
    public void Quant_names_ignore_case(string text, string expected)
    {
        Assert.Equal(expected, QuantTable.Find(text)?.Name);
    }

    [Fact]
    public void Unknown_quant_is_not_found()
    {
        Assert.Null(QuantTable.Find("Q4"));
    }
}
