using Frugal.Core.Accounting;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Tests.Accounting;

/// <summary>
/// Golden costs from the usage examples in the providers' own documentation, each worked by hand in
/// a comment, plus properties checked over thousands of random usages. All arithmetic is decimal,
/// so every expected value is exact.
/// </summary>
public sealed class CostCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly PriceBook Book = new(PriceCatalog.Embedded);

    private static ModelPrice Price(string model)
    {
        Assert.True(Book.TryFind(model, Now, out var price), $"no price for {model}");
        return price;
    }

    /// <summary>Anthropic reports input_tokens after the last cache breakpoint only; Frugal counts every prompt token.</summary>
    private static TokenUsage FromAnthropic(long inputTokens, long cacheRead, long cacheWrite5m, long cacheWrite1h, long outputTokens)
        => new(inputTokens + cacheRead + cacheWrite5m + cacheWrite1h, cacheRead, cacheWrite5m, cacheWrite1h, outputTokens, 0);

    // ---- Golden: OpenAI ----

    [Fact]
    public void OpenAI_prompt_caching_example_on_gpt_4o()
    {
        // platform.openai.com/docs/guides/prompt-caching, "Requests using prompt caching" usage:
        // prompt_tokens 2006, completion_tokens 300, prompt_tokens_details.cached_tokens 1920.
        // gpt-4o: $2.50 input, $1.25 cached input, $10.00 output per 1M.
        //   uncached   86 × 2.50 =    215
        //   cached   1920 × 1.25 =  2,400
        //   output    300 × 10   =  3,000
        //   total                   5,615 µ$ → $0.005615
        var cost = CostCalculator.Compute(Price("gpt-4o"), new TokenUsage(2006, 1920, 0, 0, 300, 0));

        Assert.Equal(0.000215m, cost.InputUsd);
        Assert.Equal(0.0024m, cost.CachedInputUsd);
        Assert.Equal(0.003m, cost.OutputUsd);
        Assert.Equal(0.005615m, cost.TotalUsd);
    }

    [Fact]
    public void OpenAI_prompt_caching_example_on_gpt_5()
    {
        // Same usage on gpt-5 ($1.25 / $0.125 / $10.00):
        //   86 × 1.25 = 107.5; 1920 × 0.125 = 240; 300 × 10 = 3,000 → 3,347.5 µ$ → $0.0033475
        var cost = CostCalculator.Compute(Price("gpt-5"), new TokenUsage(2006, 1920, 0, 0, 300, 0));

        Assert.Equal(0.0033475m, cost.TotalUsd);
    }

    [Fact]
    public void OpenAI_reasoning_example_on_o4_mini_bills_reasoning_as_output()
    {
        // platform.openai.com/docs/guides/reasoning, usage of a response:
        // input_tokens 75 (cached 0), output_tokens 1186 with output_tokens_details.reasoning_tokens 1024.
        // o4-mini: $1.10 input, $4.40 output; reasoning tokens are output tokens.
        //   input        75 × 1.10 =    82.5
        //   visible     162 × 4.40 =   712.8
        //   reasoning  1024 × 4.40 = 4,505.6
        //   total                    5,300.9 µ$ → $0.0053009
        var cost = CostCalculator.Compute(Price("o4-mini"), new TokenUsage(75, 0, 0, 0, 1186, 1024));

        Assert.Equal(0.0000825m, cost.InputUsd);
        Assert.Equal(0.0007128m, cost.OutputUsd);
        Assert.Equal(0.0045056m, cost.ReasoningUsd);
        Assert.Equal(0.0053009m, cost.TotalUsd);
    }

    [Fact]
    public void OpenAI_reasoning_example_on_gpt_5()
    {
        // 75 × 1.25 = 93.75; 1186 × 10 = 11,860 → 11,953.75 µ$ → $0.01195375
        var cost = CostCalculator.Compute(Price("gpt-5"), new TokenUsage(75, 0, 0, 0, 1186, 1024));

        Assert.Equal(0.01195375m, cost.TotalUsd);
    }

    [Fact]
    public void OpenAI_batch_halves_every_part_including_cached_input()
    {
        // The prompt-caching usage on gpt-4o-mini ($0.15 / $0.075 / $0.60), through the Batch API (50% off):
        //   86 × 0.15 = 12.9; 1920 × 0.075 = 144; 300 × 0.60 = 180 → 336.9 µ$ → $0.0003369; batch → $0.00016845
        var price = Price("gpt-4o-mini");
        var usage = new TokenUsage(2006, 1920, 0, 0, 300, 0);

        Assert.Equal(0.0003369m, CostCalculator.Compute(price, usage).TotalUsd);
        Assert.Equal(0.00016845m, CostCalculator.Compute(price, usage, batch: true).TotalUsd);
    }

    // ---- Golden: Anthropic ----

    [Fact]
    public void Anthropic_prompt_caching_example_first_call_writes_the_cache()
    {
        // docs.anthropic.com prompt caching, "Pride and Prejudice" example, first response usage:
        // {"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,"input_tokens":21,"output_tokens":393}
        // Default TTL is 5 minutes. Claude Sonnet 4: $3 input, $3.75 5m write, $15 output per 1M.
        //   input          21 × 3    =      63
        //   write 5m  188,086 × 3.75 = 705,322.5
        //   output        393 × 15   =   5,895
        //   total                      711,280.5 µ$ → $0.7112805
        var cost = CostCalculator.Compute(Price("claude-sonnet-4"), FromAnthropic(21, 0, 188086, 0, 393));

        Assert.Equal(0.000063m, cost.InputUsd);
        Assert.Equal(0.7053225m, cost.CacheWriteUsd);
        Assert.Equal(0.005895m, cost.OutputUsd);
        Assert.Equal(0.7112805m, cost.TotalUsd);
    }

    [Fact]
    public void Anthropic_prompt_caching_example_second_call_reads_the_cache()
    {
        // Second response usage: {"cache_creation_input_tokens":0,"cache_read_input_tokens":188086,"input_tokens":21,"output_tokens":393}
        //   input       21 × 3    =     63
        //   read   188,086 × 0.30 = 56,425.8
        //   output     393 × 15   =  5,895
        //   total                   62,383.8 µ$ → $0.0623838
        var cost = CostCalculator.Compute(Price("claude-sonnet-4"), FromAnthropic(21, 188086, 0, 0, 393));

        Assert.Equal(0.0564258m, cost.CachedInputUsd);
        Assert.Equal(0.0623838m, cost.TotalUsd);
    }

    [Fact]
    public void Anthropic_mixed_ttl_example_prices_5m_and_1h_writes_apart()
    {
        // docs.anthropic.com prompt caching, "1-hour cache duration" usage:
        // input_tokens 2048, cache_read_input_tokens 1800, cache_creation_input_tokens 248,
        // cache_creation {ephemeral_5m_input_tokens 148, ephemeral_1h_input_tokens 100}, output_tokens 503.
        // Claude Sonnet 4.5: $3 input, $0.30 read, $3.75 5m write, $6 1h write, $15 output.
        //   input     2048 × 3    = 6,144
        //   read      1800 × 0.30 =   540
        //   write 5m   148 × 3.75 =   555
        //   write 1h   100 × 6    =   600
        //   output     503 × 15   = 7,545
        //   total                  15,384 µ$ → $0.015384
        var usage = FromAnthropic(2048, 1800, 148, 100, 503);
        var cost = CostCalculator.Compute(Price("claude-sonnet-4-5"), usage);

        Assert.Equal(4096, usage.InputTokens);
        Assert.Equal(0.001155m, cost.CacheWriteUsd);
        Assert.Equal(0.015384m, cost.TotalUsd);
    }

    [Fact]
    public void Missing_cache_write_prices_use_Anthropics_documented_multipliers()
    {
        // 1.25 × $3 = $3.75 (5m) and 2 × $3 = $6 (1h): the catalog's explicit Sonnet prices and the
        // multipliers must agree to the last digit.
        var explicitPrices = Price("claude-sonnet-4-5");
        var implied = explicitPrices with { CacheWrite5mPerMillion = null, CacheWrite1hPerMillion = null, Tiers = [] };
        var usage = FromAnthropic(2048, 1800, 148, 100, 503);

        Assert.Equal(CostCalculator.Compute(explicitPrices, usage), CostCalculator.Compute(implied, usage));
    }

    [Fact]
    public void Anthropic_batch_stacks_with_prompt_caching()
    {
        // Anthropic's batch table lists Sonnet 4 at $1.50 input / $7.50 output (50% off), and its docs
        // say batch and prompt-caching discounts stack. The cache-read call above, batched:
        //   $0.0623838 × 0.5 = $0.0311919 (21 × 1.50 + 188,086 × 0.15 + 393 × 7.50 = 31.5 + 28,212.9 + 2,947.5 µ$)
        var cost = CostCalculator.Compute(Price("claude-sonnet-4"), FromAnthropic(21, 188086, 0, 0, 393), batch: true);

        Assert.Equal(0.0311919m, cost.TotalUsd);
    }

    // ---- Long-context tiers ----

    [Fact]
    public void Sonnet_4_switches_to_long_context_prices_above_200k_input_for_the_whole_call()
    {
        var price = Price("claude-sonnet-4");

        // At exactly 200,000 input tokens the base tier applies: 200,000 × 3 + 2,000 × 15 = 630,000 µ$.
        Assert.Equal(0.63m, CostCalculator.Compute(price, new TokenUsage(200_000, 0, 0, 0, 2_000, 0)).TotalUsd);

        // One token more and everything, output included, is at $6 / $22.50: 200,001 × 6 + 2,000 × 22.50.
        Assert.Equal(1.245006m, CostCalculator.Compute(price, new TokenUsage(200_001, 0, 0, 0, 2_000, 0)).TotalUsd);

        // 250K in, 2K out: 250,000 × 6 + 2,000 × 22.50 = 1,545,000 µ$.
        Assert.Equal(1.545m, CostCalculator.Compute(price, new TokenUsage(250_000, 0, 0, 0, 2_000, 0)).TotalUsd);
    }

    [Fact]
    public void Cache_reads_count_toward_the_long_context_threshold()
    {
        // 1,000 uncached + 199,500 cache reads = 200,500 input tokens: over the threshold, so reads cost $0.60.
        //   1,000 × 6 + 199,500 × 0.60 + 100 × 22.50 = 6,000 + 119,700 + 2,250 = 127,950 µ$
        var cost = CostCalculator.Compute(Price("claude-sonnet-4-5"), FromAnthropic(1_000, 199_500, 0, 0, 100));

        Assert.Equal(0.12795m, cost.TotalUsd);
    }

    [Fact]
    public void Gemini_2_5_pro_tier_applies_above_200k()
    {
        var price = Price("gemini-2.5-pro");

        // 100,000 × 1.25 + 1,000 × 10 = 135,000 µ$; 300,000 × 2.50 + 1,000 × 15 = 765,000 µ$.
        Assert.Equal(0.135m, CostCalculator.Compute(price, new TokenUsage(100_000, 0, 0, 0, 1_000, 0)).TotalUsd);
        Assert.Equal(0.765m, CostCalculator.Compute(price, new TokenUsage(300_000, 0, 0, 0, 1_000, 0)).TotalUsd);
    }

    [Fact]
    public void The_highest_tier_exceeded_wins_when_there_are_several()
    {
        var price = Price("qwen3-max"); // base $1.20/$6, >32K $2.40/$12, >128K $3/$15

        Assert.Equal(0.0384m + 0.006m, CostCalculator.Compute(price, new TokenUsage(32_000, 0, 0, 0, 1_000, 0)).TotalUsd);
        Assert.Equal(0.0768024m + 0.012m, CostCalculator.Compute(price, new TokenUsage(32_001, 0, 0, 0, 1_000, 0)).TotalUsd);
        Assert.Equal(0.384003m + 0.015m, CostCalculator.Compute(price, new TokenUsage(128_001, 0, 0, 0, 1_000, 0)).TotalUsd);
    }

    // ---- Edge cases ----

    [Fact]
    public void Impossible_usage_from_a_buggy_upstream_never_costs_less_than_zero()
    {
        var price = Price("gpt-4o");

        // 500 cached of a 100-token prompt: only 100 tokens exist, all billed as cached.
        var overCached = CostCalculator.Compute(price, new TokenUsage(100, 500, 0, 0, 0, 0));
        Assert.Equal(0m, overCached.InputUsd);
        Assert.Equal(100 * 1.25m / 1_000_000m, overCached.CachedInputUsd);

        var negative = CostCalculator.Compute(price, new TokenUsage(-10, -5, -1, -1, -7, -3));
        Assert.Equal(0m, negative.TotalUsd);

        // More reasoning than output: the output is all reasoning, nothing more.
        var overReasoned = CostCalculator.Compute(price, new TokenUsage(0, 0, 0, 0, 10, 50));
        Assert.Equal(10 * 10m / 1_000_000m, overReasoned.TotalUsd);
    }

    [Fact]
    public void A_separate_reasoning_price_applies_to_reasoning_tokens_only()
    {
        var price = Price("gpt-4o") with { ReasoningPerMillion = 20m };

        // 100 visible × 10 + 50 reasoning × 20 = 2,000 µ$
        var cost = CostCalculator.Compute(price, new TokenUsage(0, 0, 0, 0, 150, 50));

        Assert.Equal(0.001m, cost.OutputUsd);
        Assert.Equal(0.001m, cost.ReasoningUsd);
    }

    // ---- Properties ----

    private static TokenUsage RandomUsage(Random random, bool wellFormed, long maxInput)
    {
        if (!wellFormed)
        {
            return new TokenUsage(
                random.NextInt64(-1_000, maxInput), random.NextInt64(-1_000, maxInput), random.NextInt64(-1_000, 10_000),
                random.NextInt64(-1_000, 10_000), random.NextInt64(-1_000, 100_000), random.NextInt64(-1_000, 100_000));
        }

        var input = random.NextInt64(0, maxInput);
        var cached = random.NextInt64(0, input + 1);
        var write5m = random.NextInt64(0, input - cached + 1);
        var write1h = random.NextInt64(0, input - cached - write5m + 1);
        var output = random.NextInt64(0, 100_000);
        return new TokenUsage(input, cached, write5m, write1h, output, random.NextInt64(0, output + 1));
    }

    [Fact]
    public void Property_a_cost_is_never_negative()
    {
        var random = new Random(20261123);
        var prices = Book.Current;
        for (var i = 0; i < 5_000; i++)
        {
            var price = prices[random.Next(prices.Count)];
            var usage = RandomUsage(random, wellFormed: i % 2 == 0, maxInput: 1_000_000);
            var cost = CostCalculator.Compute(price, usage, batch: random.Next(2) == 0);

            Assert.True(cost.InputUsd >= 0 && cost.CachedInputUsd >= 0 && cost.CacheWriteUsd >= 0 && cost.OutputUsd >= 0 && cost.ReasoningUsd >= 0, $"{price.Model} {usage}: {cost}");
        }
    }

    [Fact]
    public void Property_cached_tokens_are_never_billed_twice()
    {
        // cost(C cached) = cost(0 cached) − C × (input − cachedInput) / 1e6, exactly. Input stays under
        // the lowest tier threshold (32K) so both calls are priced at the base rates.
        var random = new Random(42);
        var prices = Book.Current;
        for (var i = 0; i < 5_000; i++)
        {
            var price = prices[random.Next(prices.Count)];
            var usage = RandomUsage(random, wellFormed: true, maxInput: 32_000);
            var withCache = CostCalculator.Compute(price, usage).TotalUsd;
            var withoutCache = CostCalculator.Compute(price, usage with { CachedInputTokens = 0 }).TotalUsd;
            var saving = usage.CachedInputTokens * (price.InputPerMillion - price.CachedInputPerMillion) / 1_000_000m;

            Assert.True(withCache == withoutCache - saving, $"{price.Model} {usage}: {withCache} ≠ {withoutCache} − {saving}");
        }
    }

    [Fact]
    public void Property_batch_is_the_discounted_share_of_the_normal_cost()
    {
        var random = new Random(7);
        var prices = Book.Current;
        for (var i = 0; i < 5_000; i++)
        {
            var price = prices[random.Next(prices.Count)];
            var usage = RandomUsage(random, wellFormed: i % 3 != 0, maxInput: 1_000_000);
            var normal = CostCalculator.Compute(price, usage).TotalUsd;
            var batched = CostCalculator.Compute(price, usage, batch: true).TotalUsd;

            Assert.True(batched == (1m - price.BatchDiscount) * normal, $"{price.Model} {usage}: {batched} ≠ (1 − {price.BatchDiscount}) × {normal}");
        }
    }

    [Fact]
    public void Property_reasoning_is_billed_as_output_when_there_is_no_reasoning_price()
    {
        var random = new Random(99);
        var prices = Book.Current.Where(p => p.ReasoningPerMillion is null && p.Tiers.All(t => t.ReasoningPerMillion is null)).ToList();
        Assert.NotEmpty(prices);
        for (var i = 0; i < 5_000; i++)
        {
            var price = prices[random.Next(prices.Count)];
            var usage = RandomUsage(random, wellFormed: true, maxInput: 1_000_000);
            var cost = CostCalculator.Compute(price, usage);
            var allVisible = CostCalculator.Compute(price, usage with { ReasoningTokens = 0 });

            Assert.True(cost.TotalUsd == allVisible.TotalUsd, $"{price.Model} {usage}");
            Assert.True(cost.OutputUsd + cost.ReasoningUsd == allVisible.OutputUsd, $"{price.Model} {usage}");
        }
    }
}
