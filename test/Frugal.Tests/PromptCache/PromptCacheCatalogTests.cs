using System.Text.Json;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.PromptCache;

namespace Frugal.Tests.PromptCache;

public sealed class PromptCacheCatalogTests
{
    [Fact]
    public void Every_anthropic_and_openai_chat_model_has_a_dated_sourced_minimum_length()
    {
        using var catalog = JsonDocument.Parse(PriceCatalog.ReadEmbeddedJson());
        foreach (var entry in catalog.RootElement.GetProperty("models").EnumerateArray())
        {
            var model = entry.GetProperty("model").GetString()!;
            var provider = entry.GetProperty("provider").GetString();
            if (provider is not ("anthropic" or "openai") || model.StartsWith("text-embedding", StringComparison.Ordinal) || model == "gpt-4o-2024-05-13")
            {
                continue;
            }

            Assert.True(entry.TryGetProperty("promptCache", out var cache), $"{model} has no promptCache");
            Assert.True(cache.GetProperty("minTokens").GetInt32() >= 64, model);
            Assert.StartsWith("https://", cache.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.True(DateOnly.TryParseExact(cache.GetProperty("checked").GetString(), "yyyy-MM-dd", out _), model);
        }
    }

    [Theory]
    [InlineData("claude-sonnet-4-20250514", 1024, true)]
    [InlineData("claude-sonnet-4-5", 1024, true)] // alias
    [InlineData("claude-haiku-4-5-20251001", 4096, true)]
    [InlineData("claude-opus-4-5-20251101", 4096, true)]
    [InlineData("claude-3-5-haiku-20241022", 2048, true)]
    [InlineData("gpt-4o-mini", 1024, false)]
    [InlineData("gpt-4o-mini-2024-07-18", 1024, false)] // date suffix
    public void Models_are_found_by_id_alias_and_dated_name(string model, int minTokens, bool breakpoints)
    {
        var spec = PromptCacheCatalog.Embedded.Find(model, "unknown");

        Assert.NotNull(spec);
        Assert.Equal((minTokens, breakpoints), (spec.MinTokens, spec.Breakpoints));
    }

    [Fact]
    public void Cache_economics_come_from_the_same_entrys_prices()
    {
        var sonnet = PromptCacheCatalog.Embedded.Find("claude-sonnet-4-20250514", "x")!;
        var gpt51 = PromptCacheCatalog.Embedded.Find("gpt-5.1", "x")!;

        Assert.Equal((0.9m, 0.25m, 1.0m), (sonnet.ReadSaving, sonnet.Write5mPremium, sonnet.Write1hPremium));
        Assert.True(gpt51.CacheKey);
        Assert.Equal("24h", gpt51.ExtendedRetention);
        Assert.Null(PromptCacheCatalog.Embedded.Find("no-such-model", "neither"));
    }
}
