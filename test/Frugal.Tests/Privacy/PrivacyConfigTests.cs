using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Core.Privacy;
using Frugal.Core.Routing;
using Frugal.Core.Routing.Routes;
using Frugal.Server;

namespace Frugal.Tests.Privacy;

public sealed class PrivacyConfigTests
{
    private const string Base = """
        {
          "providers": {
            "cloud": { "kind": "openai", "baseUrl": "https://api.openai.com/v1" },
            "local": { "kind": "openai", "baseUrl": "http://127.0.0.1:11434/v1" }
          },
          "models": { "gpt": { "provider": "cloud" }, "llama": { "provider": "local" } },
          "routes": { "mixed": { "strategy": "failover", "targets": ["llama", "gpt"] } },
          "privacy": PRIVACY
        }
        """;

    [Fact]
    public void A_full_section_reads_and_the_policy_layers_provider_route_key()
    {
        var loaded = ConfigLoader.Parse(Base.Replace("PRIVACY", """
            {
              "enabled": true, "mode": "mask", "threshold": 0.6, "timeoutMs": 100,
              "entities": { "IP_ADDRESS": "off" },
              "providers": { "local": { "mode": "off" } },
              "routes": { "gpt": { "entities": { "US_SSN": "block" } } },
              "keys": { "support-bot": { "entities": { "EMAIL_ADDRESS": "redact" } } },
              "patterns": [ { "name": "CUSTOMER_ID", "pattern": "CUST-\\d{6}", "score": 0.9, "context": ["customer"] } ],
              "denyLists": [ { "name": "PROJECT", "values": ["Nightjar"] } ]
            }
            """, StringComparison.Ordinal), "test");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        var config = loaded.Config!;
        var privacy = config.Section<PrivacyConfig>();
        var models = new ModelResolver(config);
        var resolver = new PrivacyPolicyResolver(privacy, models, new RouteCatalog(config, models, new Frugal.Core.Accounting.Pricing.PriceBook(Frugal.Core.Accounting.Pricing.PriceCatalog.Embedded), TimeProvider.System));

        var local = resolver.Resolve(Request("llama", "k"));
        var mixed = resolver.Resolve(Request("mixed", "k"));
        var cloudForBot = resolver.Resolve(Request("gpt", "support-bot"));

        Assert.False(local.IsActive); // every model it can reach is local: nothing is scanned
        Assert.Equal(PiiAction.Mask, mixed.ActionFor(PiiEntityType.Email)); // one candidate is in the cloud: the stricter wins
        Assert.Equal(PiiAction.Off, mixed.ActionFor(PiiEntityType.IpAddress));
        Assert.Equal(PiiAction.Redact, cloudForBot.ActionFor(PiiEntityType.Email));
        Assert.Equal(PiiAction.Block, cloudForBot.ActionFor(PiiEntityType.UsSsn));
        Assert.Equal(TimeSpan.FromMilliseconds(100), privacy.Timeout);
    }

    [Theory]
    [InlineData("""{ "enabled": true, "entities": { "NOPE": "mask" } }""", "$.privacy.entities.NOPE")]
    [InlineData("""{ "enabled": true, "mode": "hide" }""", "$.privacy.mode")]
    [InlineData("""{ "providers": { "ghost": { "mode": "off" } } }""", "$.privacy.providers.ghost")]
    [InlineData("""{ "patterns": [ { "name": "bad name", "pattern": "x" } ] }""", "$.privacy.patterns[0].name")]
    [InlineData("""{ "patterns": [ { "name": "X", "pattern": "(" } ] }""", "$.privacy.patterns[0].pattern")]
    [InlineData("""{ "surprise": 1 }""", "$.privacy.surprise")]
    public void Problems_are_reported_with_their_path(string section, string path)
    {
        var loaded = ConfigLoader.Parse(Base.Replace("PRIVACY", section, StringComparison.Ordinal), "test");

        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Problems, p => p.ToString().Contains(path, StringComparison.Ordinal));
    }

    private static GatewayRequest Request(string model, string keyName)
        => GatewayRequest.ForChat("r", new Tenant("id-" + keyName, keyName, null, []), new Frugal.Protocol.OpenAI.ChatCompletionRequest { Model = model }, 0);
}
