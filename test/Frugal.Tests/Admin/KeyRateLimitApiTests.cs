using System.Globalization;
using System.Text.Json;
using Frugal.Core.Budgets;
using Frugal.Core.Pipeline;
using Frugal.Tests.Budgets;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace Frugal.Tests.Admin;

/// <summary>
/// Issue #19 item 5, per-key rate limits over HTTP: a limit set through /admin/keys is enforced like a budgets.rateLimits
/// rule (429 rate_limit_exceeded + Retry-After) from the next request, beside a config rule of the same key (both apply),
/// can be changed and removed, is refused with a 400 naming the field when wrong or when budgets are off, and reaches a
/// second gateway over the same data directory on its budgets refresh. Clients are the official OpenAI SDK.
/// </summary>
public sealed class KeyRateLimitApiTests
{
    private const string AdminVariable = "FRUGAL_TEST_KEY_RATE_ADMIN_KEY";
    private const string AdminKey = "admin-secret-for-key-rate-tests";

    public KeyRateLimitApiTests() => Environment.SetEnvironmentVariable(AdminVariable, AdminKey);

    [Fact]
    public async Task A_rate_limit_set_over_the_api_refuses_the_call_past_it_until_the_next_minute()
    {
        var clock = RateLimitTests.EarlyInAMinute();
        await using var gateway = await StartAsync(""", "budgets": {}""", clock);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var created = await admin.CreateAsync("""{"name": "etl", "rate_limit": {"requests_per_minute": 2}}""");
        var id = created.GetProperty("id").GetString()!;
        var client = gateway.ChatClient("gpt-4o-mini", created.GetProperty("key").GetString()!);
        var limit = created.GetProperty("rate_limit");
        Assert.Equal(2, limit.GetProperty("requests_per_minute").GetInt64());
        Assert.Equal(JsonValueKind.Null, limit.GetProperty("tokens_per_minute").ValueKind);

        var first = await BudgetTesting.CallAsync(client, "one");
        var second = await BudgetTesting.CallAsync(client, "two");
        using var third = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"three"}]}""", created.GetProperty("key").GetString());

        Assert.Equal((200, 200), (first.Status, second.Status));
        var error = await OpenAIError.AssertAsync(third, 429, "rate_limit_exceeded");
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.Contains($"runtime-key:{id}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(55, int.Parse(third.Headers.GetValues("retry-after").Single(), CultureInfo.InvariantCulture)); // 5 s into the minute
        var rows = await LedgerRows.WaitForAsync(gateway, 3);
        Assert.Equal("rate_limit_exceeded", rows[^1].Text("error_code"));

        clock.Advance(TimeSpan.FromMinutes(1)); // a fresh fixed minute: admitted again
        Assert.Equal(200, (await BudgetTesting.CallAsync(client, "next minute")).Status);
        Assert.Equal(2, (await admin.OkAsync(HttpMethod.Get, $"/admin/keys/{id}")).GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt64());
        var listed = (await admin.OkAsync(HttpMethod.Get, "/admin/keys")).GetProperty("data")[0];
        Assert.Equal(2, listed.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt64());
    }

    [Fact]
    public async Task An_update_replaces_the_limit_from_the_next_request_and_null_removes_it()
    {
        var clock = RateLimitTests.EarlyInAMinute();
        await using var gateway = await StartAsync(""", "budgets": {}""", clock);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var created = await admin.CreateAsync("""{"name": "app", "team": "web"}""");
        var id = created.GetProperty("id").GetString()!;
        var client = gateway.ChatClient("gpt-4o-mini", created.GetProperty("key").GetString()!);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("rate_limit").ValueKind);
        Assert.Equal(200, (await BudgetTesting.CallAsync(client, "before any limit")).Status);

        // A limit added by PATCH holds at the next request (the API refreshes the serving gateway's rules itself).
        var limited = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": {"requests_per_minute": 1, "max_output_tokens": 20}}""");
        Assert.Equal(20, limited.GetProperty("rate_limit").GetProperty("max_output_tokens").GetInt64());
        Assert.Equal("web", limited.GetProperty("team").GetString()); // the other fields are kept
        var capped = await BudgetTesting.CallAsync(client, "a long answer please [[tokens:100]]");
        Assert.Equal(200, capped.Status);
        Assert.Equal(20, capped.Result!.Value.Usage.OutputTokenCount); // the per-call output cap, like budgets.rateLimits' maxOutputTokens
        Assert.Equal(ChatFinishReason.Length, capped.Result.Value.FinishReason);
        Assert.Equal((429, "rate_limit_exceeded"), Code(await BudgetTesting.CallAsync(client, "second in the minute")));

        // A PATCH without rate_limit keeps it; an object replaces it whole (the output cap is gone).
        var kept = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"tags": ["x"]}""");
        Assert.Equal(1, kept.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt64());
        var raised = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": {"requests_per_minute": 3}}""");
        Assert.Equal(JsonValueKind.Null, raised.GetProperty("rate_limit").GetProperty("max_output_tokens").ValueKind);
        var uncapped = await BudgetTesting.CallAsync(client, "long again [[tokens:100]]"); // request 2 of 3 this minute
        Assert.Equal(100, uncapped.Result!.Value.Usage.OutputTokenCount);

        // null removes it: more calls than any limit allowed go through, and the key shows no limit.
        var removed = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": null}""");
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("rate_limit").ValueKind);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(200, (await BudgetTesting.CallAsync(client, $"unlimited {i}")).Status);
        }

        Assert.Equal(JsonValueKind.Null, (await admin.OkAsync(HttpMethod.Get, $"/admin/keys/{id}")).GetProperty("rate_limit").ValueKind);
    }

    [Fact]
    public async Task A_config_rule_and_a_runtime_rule_of_one_key_both_apply_and_the_tightest_refuses()
    {
        var clock = RateLimitTests.EarlyInAMinute();
        // The config rule names the key by name ("both"), the run-time rule by id: they count apart.
        await using var gateway = await StartAsync("""
            , "budgets": { "rateLimits": [ { "scope": "key", "subject": "both", "requestsPerMinute": 3, "maxOutputTokens": 50 } ] }
            """, clock);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var created = await admin.CreateAsync("""{"name": "both", "rate_limit": {"requests_per_minute": 1, "max_output_tokens": 80}}""");
        var id = created.GetProperty("id").GetString()!;
        var client = gateway.ChatClient("gpt-4o-mini", created.GetProperty("key").GetString()!);

        var first = await BudgetTesting.CallAsync(client, "long [[tokens:100]]");
        Assert.Equal(50, first.Result!.Value.Usage.OutputTokenCount); // the config's cap (50) is tighter than the key's (80)
        using (var refused = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"again"}]}""", created.GetProperty("key").GetString()))
        {
            var error = await OpenAIError.AssertAsync(refused, 429, "rate_limit_exceeded");
            Assert.Contains($"runtime-key:{id}", error.GetProperty("message").GetString(), StringComparison.Ordinal); // the run-time 1/min is tighter
        }

        // Raise the key's own limit above the config's: in a fresh minute the config rule (3/min) is the one that refuses.
        // (A refused call counts against no rule, so the refusal above used none of either allowance.)
        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": {"requests_per_minute": 10}}""");
        clock.Advance(TimeSpan.FromMinutes(1));
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await BudgetTesting.CallAsync(client, $"call {i}")).Status);
        }

        using var fourth = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"fourth"}]}""", created.GetProperty("key").GetString());
        Assert.Equal([200, 200, 200], statuses);
        var configError = await OpenAIError.AssertAsync(fourth, 429, "rate_limit_exceeded");
        Assert.Contains("key:both", configError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("runtime-key", configError.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_budgets_off_a_rate_limit_is_a_400_naming_the_field_and_nothing_is_stored()
    {
        await using var gateway = await StartAsync(string.Empty, time: null);
        var admin = new AdminKeysClient(gateway, AdminKey);

        using (var create = await admin.SendAsync(HttpMethod.Post, "/admin/keys", """{"name": "nope", "rate_limit": {"requests_per_minute": 5}}"""))
        {
            var error = await OpenAIError.AssertAsync(create, 400, "invalid_key_field");
            Assert.Equal("rate_limit", error.GetProperty("param").GetString());
            Assert.Contains("\"budgets\" section", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await admin.OkAsync(HttpMethod.Get, "/admin/keys")).GetProperty("data").GetArrayLength());
        var id = (await admin.CreateAsync("""{"name": "plain"}""")).GetProperty("id").GetString();
        using (var patch = await admin.SendAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": {"tokens_per_minute": 1000}}"""))
        {
            Assert.Equal("rate_limit", (await OpenAIError.AssertAsync(patch, 400, "invalid_key_field")).GetProperty("param").GetString());
        }

        // Removing a limit that cannot exist is harmless.
        Assert.Equal(JsonValueKind.Null, (await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": null}""")).GetProperty("rate_limit").ValueKind);
    }

    [Fact]
    public async Task Bad_rate_limits_are_400s_naming_the_field_and_random_ones_are_stored_exactly_or_refused()
    {
        await using var gateway = await StartAsync(""", "budgets": {}""", time: null);
        var admin = new AdminKeysClient(gateway, AdminKey);

        (string Limit, string Param, string Code)[] cases =
        [
            ("""{"requests_per_minute": 0}""", "rate_limit.requests_per_minute", "invalid_key_field"),
            ("""{"requests_per_minute": -5}""", "rate_limit.requests_per_minute", "invalid_key_field"),
            ("""{"requests_per_minute": 100000001}""", "rate_limit.requests_per_minute", "invalid_key_field"),
            ("""{"tokens_per_minute": 10000000001}""", "rate_limit.tokens_per_minute", "invalid_key_field"),
            ("""{"max_output_tokens": 0}""", "rate_limit.max_output_tokens", "invalid_key_field"),
            ("""{"max_output_tokens": 10000001}""", "rate_limit.max_output_tokens", "invalid_key_field"),
            ("""{}""", "rate_limit", "invalid_key_field"),
            ("""{"requests_per_minute": null}""", "rate_limit", "invalid_key_field"),
            ("""{"requests_per_minute": 1.5}""", "$.rate_limit.requests_per_minute", "invalid_key_body"),
            ("""{"requests_per_minute": "60"}""", "$.rate_limit.requests_per_minute", "invalid_key_body"),
            ("""{"requests_per_minute": 1e3}""", "$.rate_limit.requests_per_minute", "invalid_key_body"),
            ("""{"requests_per_minute": 99999999999999999999}""", "$.rate_limit.requests_per_minute", "invalid_key_body"),
            ("""{"rpm": 60}""", "$.rate_limit", "invalid_key_body"),
            ("""[60]""", "$.rate_limit", "invalid_key_body"),
            ("""60""", "$.rate_limit", "invalid_key_body"),
        ];
        foreach (var (limit, param, code) in cases)
        {
            using var response = await admin.SendAsync(HttpMethod.Post, "/admin/keys", $$"""{"name": "bad", "rate_limit": {{limit}}}""");
            var error = await OpenAIError.AssertAsync(response, 400, code);
            var given = error.GetProperty("param").GetString() ?? string.Empty;
            Assert.True(code == "invalid_key_body" ? given.StartsWith(param, StringComparison.Ordinal) : given == param, $"{limit}: param {given}");
        }

        Assert.Equal(0, (await admin.OkAsync(HttpMethod.Get, "/admin/keys")).GetProperty("data").GetArrayLength());

        // Fuzz (seeded): each counter absent, null, or a value around and beyond its bounds. A valid limit comes back
        // exactly as given; anything else is a 400 whose param names a rate_limit field, and stores nothing.
        var random = new Random(19);
        long[] interesting = [long.MinValue, -1, 0, 1, 2, 59, 10_000_000, 10_000_001, 100_000_000, 100_000_001, 10_000_000_000, 10_000_000_001, long.MaxValue];
        (string Field, long Max)[] fields = [("requests_per_minute", 100_000_000), ("tokens_per_minute", 10_000_000_000), ("max_output_tokens", 10_000_000)];
        var stored = 0;
        for (var round = 0; round < 60; round++)
        {
            var parts = new List<string>();
            var valid = true;
            var given = 0;
            var expected = new Dictionary<string, long>();
            foreach (var (field, max) in fields)
            {
                switch (random.Next(4))
                {
                    case 0:
                        break;
                    case 1:
                        parts.Add($"\"{field}\": null");
                        break;
                    default:
                        var value = random.Next(2) == 0 ? interesting[random.Next(interesting.Length)] : random.NextInt64(1, max + 1);
                        parts.Add(string.Create(CultureInfo.InvariantCulture, $"\"{field}\": {value}"));
                        given++;
                        valid &= value >= 1 && value <= max;
                        expected[field] = value;
                        break;
                }
            }

            valid &= given > 0;
            using var response = await admin.SendAsync(HttpMethod.Post, "/admin/keys", "{\"name\": \"fuzz-" + round.ToString(CultureInfo.InvariantCulture) + "\", \"rate_limit\": {" + string.Join(", ", parts) + "}}");
            var text = await response.Content.ReadAsStringAsync();
            if (valid)
            {
                Assert.True(201 == (int)response.StatusCode, text);
                var shown = JsonDocument.Parse(text).RootElement.GetProperty("rate_limit");
                foreach (var (field, _) in fields)
                {
                    var property = shown.GetProperty(field);
                    long? want = expected.TryGetValue(field, out var value) ? value : null;
                    long? got = property.ValueKind == JsonValueKind.Null ? null : property.GetInt64();
                    Assert.Equal(want, got);
                }

                stored++;
            }
            else
            {
                Assert.True(400 == (int)response.StatusCode, text);
                var param = JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("param").GetString();
                Assert.True(param is not null && (param.StartsWith("rate_limit", StringComparison.Ordinal) || param.StartsWith("$.rate_limit", StringComparison.Ordinal)), text);
            }
        }

        Assert.InRange(stored, 5, 55); // the seed exercises both outcomes
        Assert.Equal(stored, (await admin.OkAsync(HttpMethod.Get, "/admin/keys?limit=500")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_second_gateway_over_the_same_data_directory_enforces_the_limit_after_its_budgets_refresh()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        const string Budgets = """, "budgets": { "refreshSeconds": 1 }""";
        await using var first = await StartAsync(Budgets, time: null, dataDir: dataDir);
        var clock = RateLimitTests.EarlyInAMinute();
        await using var second = await StartAsync(Budgets, clock, dataDir: dataDir);
        var admin = new AdminKeysClient(first, AdminKey);
        var created = await admin.CreateAsync("""{"name": "shared"}""");
        var id = created.GetProperty("id").GetString()!;
        var client = second.ChatClient("gpt-4o-mini", created.GetProperty("key").GetString()!);
        Assert.Equal(200, (await BudgetTesting.CallAsync(client, "no limit yet")).Status);

        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": {"requests_per_minute": 1}}""");
        var catalog = second.App.Services.GetRequiredService<BudgetCatalog>();
        var tenant = new Tenant(id, "shared", null, []);
        var seen = await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // one budgets.refreshSeconds of the second gateway
            return catalog.RatesFor(tenant).Count == 1;
        });
        Assert.True(seen, "the second gateway read the new limit on a budgets refresh");

        clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMinute - (clock.GetUtcNow().UtcTicks % TimeSpan.TicksPerMinute)) + TimeSpan.FromSeconds(5)); // a fresh minute
        Assert.Equal(200, (await BudgetTesting.CallAsync(client, "first this minute")).Status);
        Assert.Equal((429, "rate_limit_exceeded"), Code(await BudgetTesting.CallAsync(client, "second this minute")));

        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"rate_limit": null}""");
        var gone = await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return catalog.RatesFor(tenant).Count == 0;
        });
        Assert.True(gone, "the second gateway dropped the removed limit on a budgets refresh");
    }

    [Fact]
    public async Task With_redis_counters_a_runtime_limit_is_shared_by_two_gateways()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "frugal-tests", Guid.NewGuid().ToString("N"));
        var budgets = $$""", "budgets": { "storage": "redis" }{{RedisTestServer.ConfigJson(RedisTestServer.UniquePrefix())}}""";
        var clock = RateLimitTests.EarlyInAMinute();
        await using var first = await StartAsync(budgets, clock, dataDir: dataDir);
        await using var second = await StartAsync(budgets, clock, dataDir: dataDir);
        var admin = new AdminKeysClient(first, AdminKey);
        var created = await admin.CreateAsync("""{"name": "redis-shared", "rate_limit": {"requests_per_minute": 2}}""");
        var secret = created.GetProperty("key").GetString()!;
        await second.App.Services.GetRequiredService<BudgetRefresher>().RefreshAsync(CancellationToken.None); // as its refresh timer would

        var a = await BudgetTesting.CallAsync(first.ChatClient("gpt-4o-mini", secret), "on the first");
        var b = await BudgetTesting.CallAsync(second.ChatClient("gpt-4o-mini", secret), "on the second");
        var c = await BudgetTesting.CallAsync(first.ChatClient("gpt-4o-mini", secret), "third, on the first");

        Assert.Equal((200, 200), (a.Status, b.Status));
        Assert.Equal((429, "rate_limit_exceeded"), Code(c)); // one counter in Redis, not one per process
    }

    private static (int, string?) Code((int Status, string? Code, System.ClientModel.ClientResult<OpenAI.Chat.ChatCompletion>? Result) call) => (call.Status, call.Code);

    private static Task<TestGateway> StartAsync(string extraJson, TimeProvider? time, string? dataDir = null)
        => TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable, extraJson: extraJson, time: time, dataDir: dataDir);
}
