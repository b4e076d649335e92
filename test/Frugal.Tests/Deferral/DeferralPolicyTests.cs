using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;

namespace Frugal.Tests.Deferral;

public sealed class DeferralPolicyTests
{
    private static readonly Uri KeyHook = new("https://hooks.example.test/key");

    private static readonly DeferralConfig Config = new()
    {
        Enabled = true,
        Keys = new Dictionary<string, DeferralRule> { ["nightly"] = new(true, KeyHook), ["interactive"] = new(false, null) },
        Teams = new Dictionary<string, DeferralRule> { ["analytics"] = new(true, null) },
        Tags = new Dictionary<string, DeferralRule> { ["batchable"] = new(true, null) },
        Routes = new Dictionary<string, DeferralRule> { ["reports"] = new(true, null), ["urgent"] = new(false, null) },
    };

    private static GatewayRequest Request(string keyName = "alice", string? team = null, string[]? tags = null, string model = "gpt-4o-mini", Dictionary<string, string>? headers = null)
    {
        var request = GatewayRequest.ForChat("req-1", new Tenant("key-" + keyName, keyName, team, tags ?? []), new ChatCompletionRequest { Model = model }, 0);
        request.Headers = headers ?? [];
        return request;
    }

    private static DeferralDecision Decide(GatewayRequest request)
    {
        var result = new DeferralPolicy(Config).Decide(request);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    [Theory]
    [InlineData("24h", true)]
    [InlineData(" 24H ", true)]
    [InlineData("off", false)]
    [InlineData("NONE", false)]
    public void The_header_decides_first(string value, bool defer)
    {
        Assert.Equal(defer, Decide(Request(keyName: "nightly", headers: new() { ["x-frugal-defer"] = value })).Defer);
        Assert.Equal(defer, Decide(Request(keyName: "interactive", headers: new() { ["x-frugal-defer"] = value })).Defer);
    }

    [Fact]
    public void Rules_apply_route_then_key_then_team_then_tag()
    {
        Assert.True(Decide(Request(keyName: "nightly")).Defer);
        Assert.Equal(KeyHook, Decide(Request(keyName: "nightly")).WebhookUrl);
        Assert.True(Decide(Request(team: "analytics")).Defer);
        Assert.True(Decide(Request(tags: ["other", "batchable"])).Defer);
        Assert.True(Decide(Request(model: "reports")).Defer);
        Assert.False(Decide(Request(keyName: "nightly", model: "urgent")).Defer); // the route's "off" wins over the key
        Assert.False(Decide(Request(keyName: "interactive", team: "analytics")).Defer); // the key's "off" wins over its team
        Assert.False(Decide(Request()).Defer);
    }

    [Fact]
    public void A_key_rule_is_found_by_id_too()
    {
        var config = Config with { Keys = new Dictionary<string, DeferralRule> { ["key-abc"] = new(true, null) } };
        var request = GatewayRequest.ForChat("r", new Tenant("key-abc", "renamed", null, []), new ChatCompletionRequest { Model = "m" }, 0);
        Assert.True(new DeferralPolicy(config).Decide(request).Value!.Defer);
    }

    [Fact]
    public void The_webhook_header_wins_over_the_key_webhook()
    {
        var decision = Decide(Request(keyName: "nightly", headers: new() { ["x-frugal-defer-webhook"] = "http://127.0.0.1:9/hook" }));
        Assert.Equal(new Uri("http://127.0.0.1:9/hook"), decision.WebhookUrl);
    }

    public static TheoryData<string> BadDirectives() =>
    [
        "", " ", "24", "24 h", "1h", "48h", "true", "yes", "on", "24h;", "24h,off", "\u0000", "２４h", new string('x', 10_000), "off\r\nx-evil: 1",
    ];

    [Theory]
    [MemberData(nameof(BadDirectives))]
    public void Bad_directives_are_a_400_naming_the_header(string value)
    {
        var result = new DeferralPolicy(Config).Decide(Request(headers: new() { ["x-frugal-defer"] = value }));
        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("x-frugal-defer", result.Error.Param);
        Assert.Equal("invalid_defer_directive", result.Error.Code);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.test/x")]
    [InlineData("gopher://127.0.0.1:70/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    [InlineData("https://user:pass@example.test/hook")]
    [InlineData("")]
    [InlineData("not a url")]
    public void Webhooks_must_be_plain_http_or_https(string url)
    {
        var result = new DeferralPolicy(Config).Decide(Request(headers: new() { ["x-frugal-defer"] = "24h", ["x-frugal-defer-webhook"] = url }));
        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("invalid_defer_webhook", result.Error.Code);
    }

    [Fact]
    public void A_webhook_without_deferral_is_refused()
    {
        var result = new DeferralPolicy(Config).Decide(Request(headers: new() { ["x-frugal-defer-webhook"] = "https://example.test/hook" }));
        Assert.False(result.IsSuccess);
        Assert.Contains("x-frugal-defer: 24h", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_with_bounded_jitter_and_a_cap()
    {
        var config = new DeferralWebhookConfig { InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(60) };
        Assert.Equal(TimeSpan.FromSeconds(10), DeferralWebhookSender.Backoff(config, 1, 0));
        Assert.Equal(TimeSpan.FromSeconds(20), DeferralWebhookSender.Backoff(config, 2, 0));
        Assert.Equal(TimeSpan.FromSeconds(48), DeferralWebhookSender.Backoff(config, 3, 1.5)); // jitter clamped to +20 %
        Assert.Equal(TimeSpan.FromSeconds(60), DeferralWebhookSender.Backoff(config, 30, 0));
    }

    [Fact]
    public void Signatures_verify_only_for_the_same_bytes_secret_and_a_fresh_timestamp()
    {
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var body = "{\"id\":\"def_1\"}"u8.ToArray();
        var signature = WebhookSignature.Sign("s3cret", now.ToUnixTimeSeconds(), body);
        Assert.StartsWith("sha256=", signature, StringComparison.Ordinal);
        var stamp = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(WebhookSignature.Verify("s3cret", stamp, body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("other", stamp, body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("s3cret", stamp, "{\"id\":\"def_2\"}"u8, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("s3cret", stamp, body, signature, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("s3cret", "abc", body, signature, now, TimeSpan.FromMinutes(5)));
    }
}
