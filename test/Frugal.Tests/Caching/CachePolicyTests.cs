using System.Text.Json;
using Frugal.Core.Caching;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Server;

namespace Frugal.Tests.Caching;

public sealed class CachePolicyTests
{
    private static readonly CachePolicy Policy = new(ConfigLoader.Parse("""
        {"cache": {"enabled": true, "ttlSeconds": 3600, "maxTemperature": 1,
                   "keys": {"crm": {"ttlSeconds": 60, "maxTemperature": 0.5, "namespace": "shared-crm"}, "key_off": {"enabled": false}},
                   "models": {"gpt-4o": {"ttlSeconds": 30}, "o3": {"enabled": false}, "cold": {"maxTemperature": 0}}}}
        """, "test").Config!.Cache);

    private static GatewayRequest Request(string model = "gpt-4o-mini", string? temperature = null, Tenant? tenant = null, string? directive = null)
    {
        var json = $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]{{(temperature is null ? "" : ", \"temperature\": " + temperature)}}}""";
        var request = GatewayRequest.ForChat("r", tenant ?? Tenant.Anonymous, JsonSerializer.Deserialize(json, ProtocolJson.Context.ChatCompletionRequest)!, 0);
        if (directive is not null)
        {
            request.Headers = new Dictionary<string, string> { ["x-frugal-cache"] = directive };
        }

        return request;
    }

    private static CacheDecision Decide(GatewayRequest request)
    {
        var result = Policy.Decide(request);
        Assert.True(result.IsSuccess);
        return result.Value!;
    }

    [Fact]
    public void Defaults_read_write_for_the_section_ttl_in_the_key_namespace()
    {
        var decision = Decide(Request());

        Assert.True(decision.Cacheable && decision.Read && decision.Write);
        Assert.Equal(TimeSpan.FromHours(1), decision.Ttl);
        Assert.Equal("key:anonymous", decision.Namespace);
    }

    [Fact]
    public void A_key_rule_is_found_by_name_or_id_and_a_model_rule_applies_on_top()
    {
        var crmByName = new Tenant("k_123", "crm", "sales", []);
        var crmById = new Tenant("crm", "renamed", null, []);

        Assert.Equal(TimeSpan.FromMinutes(1), Decide(Request(tenant: crmByName, temperature: "0.2")).Ttl);
        Assert.Equal("shared:shared-crm", Decide(Request(tenant: crmByName, temperature: "0.2")).Namespace);
        Assert.Equal("shared:shared-crm", Decide(Request(tenant: crmById, temperature: "0.2")).Namespace);
        Assert.Equal(TimeSpan.FromSeconds(30), Decide(Request(model: "gpt-4o", tenant: crmByName, temperature: "0.2")).Ttl);
        Assert.False(Decide(Request(tenant: crmByName)).Cacheable); // no temperature = 1, above the key's 0.5
        Assert.False(Decide(Request(tenant: crmByName, temperature: "0.7")).Cacheable); // the key's maxTemperature 0.5
        Assert.False(Decide(Request(tenant: new Tenant("key_off", "x", null, []))).Cacheable);
        Assert.False(Decide(Request(model: "o3")).Cacheable);
    }

    [Theory]
    [InlineData(null, true)] // absent = OpenAI's default 1, at the limit
    [InlineData("1", true)]
    [InlineData("1.01", false)]
    [InlineData("0", true)]
    public void Temperature_decides_cacheability(string? temperature, bool cacheable)
        => Assert.Equal(cacheable, Decide(Request(temperature: temperature)).Cacheable);

    [Fact]
    public void A_model_with_max_temperature_zero_caches_only_greedy_requests()
    {
        Assert.False(Decide(Request(model: "cold")).Cacheable);
        Assert.True(Decide(Request(model: "cold", temperature: "0")).Cacheable);
    }

    [Fact]
    public void Directives_combine()
    {
        var noCache = Decide(Request(directive: "no-cache"));
        var noStore = Decide(Request(directive: "no-store, ttl=90"));

        Assert.True(noCache.Cacheable && !noCache.Read && noCache.Write);
        Assert.True(noStore.Cacheable && noStore.Read && !noStore.Write);
        Assert.Equal(TimeSpan.FromSeconds(90), noStore.Ttl);
        Assert.False(Decide(Request(directive: "no-cache,no-store")).Cacheable);
        Assert.Equal(TimeSpan.FromSeconds(5), Decide(Request(model: "gpt-4o", directive: "ttl=5")).Ttl); // the request wins over rules
    }

    [Fact]
    public void Team_mode_uses_the_team_and_falls_back_to_the_key()
    {
        var policy = new CachePolicy(ConfigLoader.Parse("""{"cache": {"enabled": true, "namespace": "team"}}""", "test").Config!.Cache);

        Assert.Equal("team:ml", policy.Decide(Request(tenant: new Tenant("k1", "a", "ml", []))).Value!.Namespace);
        Assert.Equal("key:k2", policy.Decide(Request(tenant: new Tenant("k2", "b", null, []))).Value!.Namespace);
    }
}
