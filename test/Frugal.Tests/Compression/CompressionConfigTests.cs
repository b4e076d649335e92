using Frugal.Core.Compression;
using Frugal.Core.Pipeline;
using Frugal.Server;

namespace Frugal.Tests.Compression;

public sealed class CompressionConfigTests
{
    private const string Base = """{"providers":{"p":{"kind":"openai","baseUrl":"http://127.0.0.1:9/v1"}},"models":{"m":{"provider":"p"}},""";

    [Fact]
    public void The_section_reads_techniques_ratios_history_and_rules()
    {
        var loaded = ConfigLoader.Parse(Base + """
            "compression": {
              "enabled": true, "techniques": ["lossless", "select", "history"], "targetRatio": 5, "minPromptTokens": 1500, "minPartTokens": 300,
              "history": { "thresholdTokens": 12000, "keepTokens": 6000 },
              "keys": { "batch": { "techniques": ["lossless"] } },
              "models": { "m": { "enabled": false } }
            }}
            """, "test");

        Assert.True(loaded.IsValid, string.Join("; ", loaded.Problems));
        var config = loaded.Config!.Section<CompressionConfig>();
        Assert.True(config.Enabled);
        Assert.Equal(CompressionTechniques.Lossless | CompressionTechniques.Select | CompressionTechniques.History, config.Defaults.Techniques);
        Assert.Equal(5, config.Defaults.TargetRatio);
        Assert.Equal((1500, 300, 12000, 6000), (config.Defaults.MinPromptTokens, config.Defaults.MinPartTokens, config.Defaults.HistoryThresholdTokens, config.Defaults.HistoryKeepTokens));
        Assert.Equal(CompressionTechniques.Lossless, config.Keys["batch"].Techniques);
        Assert.False(config.Models["m"].Enabled);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var loaded = ConfigLoader.Parse(Base + """
            "compression": { "enabled": true, "techniques": ["lossless", "magic"], "targetRatio": 0.5, "colour": 1,
              "history": { "thresholdTokens": 1000, "keepTokens": 1000 }, "keys": { "k": { "ttl": 1 } } }}
            """, "test");

        var problems = string.Join("\n", loaded.Problems);
        Assert.Contains("$.compression.techniques[1]", problems, StringComparison.Ordinal);
        Assert.Contains("$.compression.targetRatio", problems, StringComparison.Ordinal);
        Assert.Contains("colour", problems, StringComparison.Ordinal);
        Assert.Contains("$.compression.history.keepTokens", problems, StringComparison.Ordinal);
        Assert.Contains("ttl", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_applies_the_key_rule_then_the_model_rule_then_the_header()
    {
        var policy = new CompressionPolicy(new CompressionConfig
        {
            Enabled = true,
            Defaults = new CompressionSettings { Techniques = CompressionTechniques.Lossless | CompressionTechniques.Select, TargetRatio = 4 },
            Keys = new Dictionary<string, CompressionRule> { ["batch"] = new() { Techniques = CompressionTechniques.Lossless, TargetRatio = 10 } },
            Models = new Dictionary<string, CompressionRule> { ["exact-model"] = new() { Enabled = false }, ["wide"] = new() { TargetRatio = 2 } },
        });

        Assert.Equal(CompressionTechniques.Lossless | CompressionTechniques.Select, policy.Decide(Request("any", "someone")).Value!.Techniques);
        Assert.Equal((CompressionTechniques.Lossless, 10.0), Settings(policy.Decide(Request("any", "batch")).Value!));
        Assert.Equal((CompressionTechniques.Lossless, 2.0), Settings(policy.Decide(Request("wide", "batch")).Value!));
        Assert.Equal(CompressionTechniques.None, policy.Decide(Request("exact-model", "someone")).Value!.Techniques);
        Assert.Equal(CompressionTechniques.None, policy.Decide(Request("any", "someone", "off")).Value!.Techniques);
        Assert.Equal(CompressionTechniques.Lossless, policy.Decide(Request("any", "batch", "ON")).Value!.Techniques);
        Assert.Equal("invalid_compress_directive", policy.Decide(Request("any", "someone", "lossless")).Error!.Code);
    }

    private static (CompressionTechniques, double) Settings(CompressionSettings settings) => (settings.Techniques, settings.TargetRatio);

    private static GatewayRequest Request(string model, string keyName, string? header = null)
    {
        var request = GatewayRequest.ForChat("r", new Tenant("id-" + keyName, keyName, null, []), new Frugal.Protocol.OpenAI.ChatCompletionRequest { Model = model, Messages = [] }, 0);
        if (header is not null)
        {
            request.Headers = new Dictionary<string, string> { [CompressionPolicy.HeaderName] = header };
        }

        return request;
    }
}
