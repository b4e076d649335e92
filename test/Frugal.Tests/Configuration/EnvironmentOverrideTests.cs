using Frugal.Core.Budgets.Config;
using Frugal.Core.Caching;
using Frugal.Core.Configuration;
using Frugal.Core.Routing.Routes;

namespace Frugal.Tests.Configuration;

/// <summary><c>FRUGAL__…</c> variables are applied to the document before the readers run: checked like the file, problems named by the variable.</summary>
public sealed class EnvironmentOverrideTests
{
    [Fact]
    public void A_boolean_override_turns_a_section_on_that_the_file_does_not_have()
    {
        using var file = new ConfigFixture();

        var result = file.Load(("FRUGAL__CACHE__ENABLED", "true")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.True(result.Config!.Section<CacheConfig>().Enabled);
    }

    [Fact]
    public void Keys_match_the_readers_camelCase_names_whatever_the_case_of_the_variable()
    {
        using var file = new ConfigFixture("""{ "cache": { "enabled": true, "semantic": { "enabled": false } } }""");

        var effective = file.Load(("FRUGAL__CACHE__SEMANTIC__MAXCANDIDATES", "4"), ("FRUGAL__cache__ttlseconds", "60"), ("FRUGAL__LEDGER__COMMITBEFOREANSWER", "true"));

        Assert.True(effective.Result.IsValid, string.Join("; ", effective.Result.Problems));
        var cache = effective.Result.Config!.Section<CacheConfig>();
        Assert.Equal(4, cache.Semantic.MaxCandidates);
        Assert.Equal(TimeSpan.FromSeconds(60), cache.Ttl);
        Assert.True(effective.Result.Config.Ledger.CommitBeforeAnswer);
        Assert.Equal(4, effective.Document["cache"]!["semantic"]!["maxCandidates"]!.GetValue<int>());
        Assert.Equal("env:FRUGAL__CACHE__SEMANTIC__MAXCANDIDATES", effective.OriginOf("$.cache.semantic.maxCandidates"));
        Assert.Equal("file", effective.OriginOf("$.cache.enabled"));
    }

    [Fact]
    public void A_bad_value_is_a_problem_that_names_the_variable()
    {
        using var file = new ConfigFixture();

        var result = file.Load(("FRUGAL__CACHE__ENABLED", "yes"), ("FRUGAL__CACHE__TTLSECONDS", "0")).Result;

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.ToString() == "FRUGAL__CACHE__ENABLED ($.cache.enabled): must be true or false, not the string \"yes\"");
        Assert.Contains(result.Problems, p => p.Path == "FRUGAL__CACHE__TTLSECONDS ($.cache.ttlSeconds)" && p.Message.Contains("between 1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_key_is_refused_like_a_typo_in_the_file()
    {
        using var file = new ConfigFixture();

        var result = file.Load(("FRUGAL__CACHE__ENABLD", "true")).Result;

        Assert.Contains(result.Problems, p => p.Path == "FRUGAL__CACHE__ENABLD ($.cache.ENABLD)" && p.Message.StartsWith("unknown setting", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_entries_are_matched_by_name_and_new_ones_are_added()
    {
        using var file = new ConfigFixture();

        var result = file.Load(
            ("FRUGAL__PROVIDERS__MOCK__BASEURL", "http://10.0.0.7:8000/v1"),
            ("FRUGAL__PROVIDERS__local__BASEURL", "http://127.0.0.1:11434/v1"),
            ("FRUGAL__MODELS__small__PROVIDER", "local")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(new Uri("http://10.0.0.7:8000/v1"), result.Config!.Providers["mock"].BaseUrl);
        Assert.Equal("local", result.Config.Models["small"].Provider);
    }

    [Fact]
    public void With_no_providers_in_the_file_an_override_changes_a_built_in_provider_and_keeps_the_other()
    {
        using var file = new ConfigFixture("{}");

        var result = file.Load(("FRUGAL__PROVIDERS__OPENAI__BASEURL", "http://proxy:8000/v1")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(["anthropic", "openai"], result.Config!.Providers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new Uri("http://proxy:8000/v1"), result.Config.Providers["openai"].BaseUrl);
        Assert.Equal("OPENAI_API_KEY", result.Config.Providers["openai"].ApiKeyEnv);
        Assert.Equal(GatewayConfig.DefaultProviders()["anthropic"].BaseUrl, result.Config.Providers["anthropic"].BaseUrl);
    }

    [Fact]
    public void Array_elements_are_addressed_by_index_or_by_id_and_an_index_past_the_end_is_a_problem()
    {
        using var file = new ConfigFixture("""
            { "budgets": { "limits": [
                { "id": "all", "scope": "global", "window": "daily", "usd": 10 },
                { "id": "team-a", "scope": "team", "subject": "a", "window": "monthly", "usd": 100 } ] } }
            """);

        var valid = file.Load(("FRUGAL__BUDGETS__LIMITS__0__USD", "25"), ("FRUGAL__BUDGETS__LIMITS__TEAM-A__USD", "250")).Result;
        var past = file.Load(("FRUGAL__BUDGETS__LIMITS__5__USD", "1")).Result;

        Assert.True(valid.IsValid, string.Join("; ", valid.Problems));
        var limits = valid.Config!.Section<BudgetsConfig>().Budgets;
        Assert.Equal(25m, limits[0].LimitUsd);
        Assert.Equal(250m, limits[1].LimitUsd);
        Assert.Contains(past.Problems, p => p.Path == "FRUGAL__BUDGETS__LIMITS__5__USD" && p.Message.Contains("has 2 element(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_JSON_value_replaces_a_whole_section()
    {
        using var file = new ConfigFixture();

        var result = file.Load(("FRUGAL__ROUTES", """{ "auto-cheap": { "targets": ["mock/small", "mock/large"] } }""")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(["mock/small", "mock/large"], result.Config!.Section<RoutingConfig>().Routes["auto-cheap"].Targets);
    }

    [Fact]
    public void A_string_setting_keeps_text_that_looks_like_a_number_and_null_removes_a_setting()
    {
        using var file = new ConfigFixture("""{ "redis": { "keyPrefix": "x:", "timeoutMs": 900 } }""");

        var result = file.Load(("FRUGAL__REDIS__CONNECTION", "6380"), ("FRUGAL__REDIS__TIMEOUTMS", "null")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("6380", result.Config!.Redis.Connection);
        Assert.Equal(new RedisConfig().Timeout, result.Config.Redis.Timeout);
    }

    [Fact]
    public void A_variable_with_an_empty_part_is_a_problem()
    {
        using var file = new ConfigFixture();

        var result = file.Load(("FRUGAL__CACHE____ENABLED", "true")).Result;

        Assert.Contains(result.Problems, p => p.Path == "FRUGAL__CACHE____ENABLED" && p.Message.Contains("empty part", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_overrides_the_file_reads_as_before()
    {
        using var file = new ConfigFixture();

        var effective = file.Load();

        Assert.True(effective.Result.IsValid);
        Assert.Empty(effective.OverrideTargets);
        Assert.Equal(["mock"], effective.Result.Config!.Providers.Keys);
    }
}
