using Frugal.Server.Configuration;

namespace Frugal.Tests.Configuration;

/// <summary>The effective view fills unset settings with the schema's defaults and labels each value default, file or env.</summary>
public sealed class EffectiveConfigViewTests
{
    [Fact]
    public void Unset_settings_show_their_defaults_and_origins()
    {
        using var file = new ConfigFixture("""{ "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1" } }, "cache": { "enabled": true } }""");

        var effective = file.Load(("FRUGAL__LEDGER__MAXBATCHSIZE", "500"));
        var origins = EffectiveConfigView.Origins(effective);
        var json = EffectiveConfigView.Json(effective);

        Assert.True(effective.Result.IsValid, string.Join("; ", effective.Result.Problems));
        Assert.Contains("$.ledger.maxBatchSize = 500  (env:FRUGAL__LEDGER__MAXBATCHSIZE)", origins, StringComparison.Ordinal);
        Assert.Contains("$.ledger.queueCapacity = 100000  (default)", origins, StringComparison.Ordinal);
        Assert.Contains("$.cache.enabled = true  (file)", origins, StringComparison.Ordinal);
        Assert.Contains("$.cache.ttlSeconds = 3600  (default)", origins, StringComparison.Ordinal);
        Assert.Contains("$.providers.mock.timeoutSeconds = 120  (default)", origins, StringComparison.Ordinal);
        Assert.Contains("$.dataDir = \"./frugal-data\"  (default)", origins, StringComparison.Ordinal);
        Assert.DoesNotContain("$.budgets", origins, StringComparison.Ordinal); // writing the section would turn budgets on
        Assert.DoesNotContain("\"anthropic\"", json, StringComparison.Ordinal); // the file's providers replace the default ones
    }

    [Fact]
    public void Without_a_providers_section_the_default_providers_are_shown()
    {
        using var file = new ConfigFixture("{}");

        var origins = EffectiveConfigView.Origins(file.Load());

        Assert.Contains("$.providers.anthropic.baseUrl = \"https://api.anthropic.com\"  (default)", origins, StringComparison.Ordinal);
        Assert.Contains("$.providers.openai.apiKeyEnv = \"OPENAI_API_KEY\"  (default)", origins, StringComparison.Ordinal);
    }
}
