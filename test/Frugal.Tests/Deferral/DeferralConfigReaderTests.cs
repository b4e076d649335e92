using Frugal.Core.Deferral;
using Frugal.Server;

namespace Frugal.Tests.Deferral;

public sealed class DeferralConfigReaderTests
{
    [Fact]
    public void The_section_is_read_with_rules_gathering_and_webhook_settings()
    {
        var result = ConfigLoader.Parse("""
            { "deferral": { "enabled": true, "maxBatchSize": 200, "maxAgeSeconds": 900, "gatherIntervalSeconds": 2, "retentionHours": 48,
                            "webhook": { "secretEnv": "FRUGAL_WEBHOOK_SECRET", "maxAttempts": 5, "initialBackoffSeconds": 30 },
                            "keys": { "nightly": { "defer": "24h", "webhook": "https://hooks.example.test/nightly" } },
                            "teams": { "analytics": { "defer": "24h" } }, "tags": { "interactive": { "defer": "off" } },
                            "routes": { "reports": { "defer": "24h" } }, "models": { "gpt-4o-mini": { "maxBatchSize": 10 } } } }
            """, "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var config = result.Config!.Section<DeferralConfig>();
        Assert.True(config.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(15), config.MaxAge);
        Assert.Equal(TimeSpan.FromHours(48), config.Retention);
        Assert.Equal("FRUGAL_WEBHOOK_SECRET", config.Webhook.SecretEnv);
        Assert.Equal(new DeferralRule(true, new Uri("https://hooks.example.test/nightly")), config.Keys["nightly"]);
        Assert.Equal(new DeferralRule(false, null), config.Tags["interactive"]);
        Assert.Equal(new DeferralGathering(10, TimeSpan.FromMinutes(15)), config.GatheringFor("gpt-4o-mini"));
        Assert.Equal(new DeferralGathering(200, TimeSpan.FromMinutes(15)), config.GatheringFor("other"));
    }

    [Fact]
    public void An_absent_section_is_off()
        => Assert.False(ConfigLoader.Parse("{}", "test").Config!.Section<DeferralConfig>().Enabled);

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var result = ConfigLoader.Parse("""
            { "deferral": { "enabled": true, "maxBatchSize": 0, "colour": 1,
                            "webhook": { "secret": "a", "secretEnv": "B" },
                            "keys": { "k": { "defer": "later", "webhook": "file:///etc/passwd" } } } }
            """, "test");

        var paths = result.Problems.Select(p => p.Path).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["$.deferral.colour", "$.deferral.keys.k.defer", "$.deferral.keys.k.webhook", "$.deferral.maxBatchSize", "$.deferral.webhook.secret"], paths);
    }
}
