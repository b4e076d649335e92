using System.ClientModel;
using System.Text.Json;
using Frugal.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Frugal.Tests.Admin;

/// <summary>
/// Issue #19 item 5 through the real server: /admin/keys creates, lists, gets, updates and revokes keys by the rules of
/// KeyAdministration, and what an admin sets (expiry, allowed models) is what a client holding the key meets.
/// </summary>
public sealed class AdminKeysApiTests
{
    private const string AdminVariable = "FRUGAL_TEST_ADMIN_KEYS_ADMIN_KEY";
    private const string AdminKey = "admin-secret-for-key-api-tests";

    public AdminKeysApiTests() => Environment.SetEnvironmentVariable(AdminVariable, AdminKey);

    [Fact]
    public async Task A_key_is_created_used_listed_changed_and_revoked_over_http()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable);
        var admin = new AdminKeysClient(gateway, AdminKey);

        var created = await admin.CreateAsync("""{"name": "crm", "team": "sales", "tags": ["odoo", "eu"], "allowed_models": ["gpt-4o-mini"]}""");
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("key").GetString()!;
        Assert.StartsWith("fk-", secret, StringComparison.Ordinal);
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("expires_at").ValueKind);

        // The key works through the official SDK for the model it allows, and is refused (403) for another.
        var answer = await gateway.ChatClient("gpt-4o-mini", secret).CompleteChatAsync("hello");
        Assert.False(string.IsNullOrEmpty(answer.Value.Content[0].Text));
        using (var other = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"claude-sonnet-4","messages":[{"role":"user","content":"hi"}]}""", secret))
        {
            var error = await OpenAIError.AssertAsync(other, 403, "model_not_allowed");
            Assert.Equal("permission_error", error.GetProperty("type").GetString());
            Assert.DoesNotContain("gpt-4o-mini", error.GetProperty("message").GetString(), StringComparison.Ordinal); // the list is the admin's
        }

        // Reads never show the secret again.
        var got = await admin.OkAsync(HttpMethod.Get, $"/admin/keys/{id}");
        Assert.False(got.TryGetProperty("key", out _));
        Assert.Equal(["odoo", "eu"], got.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var list = await admin.OkAsync(HttpMethod.Get, "/admin/keys?team=sales");
        Assert.Equal(id, list.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(secret, list.ToString(), StringComparison.Ordinal);

        // PATCH: a field left out is kept, null clears, [] allows every model again.
        var patched = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"team": null, "allowed_models": []}""");
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("team").ValueKind);
        Assert.Equal(2, patched.GetProperty("tags").GetArrayLength());
        using (var nowAllowed = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"claude-sonnet-4","messages":[{"role":"user","content":"hi"}]}""", secret))
        {
            Assert.Equal(200, (int)nowAllowed.StatusCode);
        }

        // DELETE revokes (and is idempotent); the key is refused at once (keyCacheSeconds is 0 in tests).
        var revoked = await admin.OkAsync(HttpMethod.Delete, $"/admin/keys/{id}");
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal("revoked", (await admin.OkAsync(HttpMethod.Delete, $"/admin/keys/{id}")).GetProperty("status").GetString());
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => gateway.ChatClient("gpt-4o-mini", secret).CompleteChatAsync("hello"));
        Assert.Equal(401, refused.Status);

        // The name is free again once its key is revoked.
        await admin.CreateAsync("""{"name": "crm"}""");
    }

    [Fact]
    public async Task Names_are_unique_among_active_keys_and_bad_input_is_a_400_naming_the_field()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var first = await admin.CreateAsync("""{"name": "billing"}""");

        using (var duplicate = await admin.SendAsync(HttpMethod.Post, "/admin/keys", """{"name": "billing"}"""))
        {
            var error = await OpenAIError.AssertAsync(duplicate, 409, "key_name_taken");
            Assert.Contains(first.GetProperty("id").GetString()!, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        (string Body, string Param, string Code)[] cases =
        [
            ("""{"name": "two\nlines"}""", "name", "invalid_key_field"),
            ("""{"name": "\u001b[31mred"}""", "name", "invalid_key_field"),
            ("""{"name": "rtl\u202Eexe.txt"}""", "name", "invalid_key_field"),
            ($$"""{"name": "{{new string('n', 65)}}"}""", "name", "invalid_key_field"),
            ("""{"name": "   "}""", "name", "invalid_key_field"),
            ("""{"team": "x"}""", "name", "invalid_key_field"),
            ("""{"name": "t", "team": "a\tb"}""", "team", "invalid_key_field"),
            ("""{"name": "t", "tags": ["ok", "=1+1\r"]}""", "tags", "invalid_key_field"),
            ($$"""{"name": "t", "tags": [{{string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"t{i}\""))}}]}""", "tags", "invalid_key_field"),
            ("""{"name": "t", "expires_at": "2001-01-01T00:00:00Z"}""", "expires_at", "invalid_key_field"),
            ($$"""{"name": "t", "allowed_models": ["{{new string('m', 257)}}"]}""", "allowed_models", "invalid_key_field"),
            ("""{"name": "t", "budget": {"usd": 5}}""", "budget", "invalid_key_field"), // no budgets section here
            ("""{"name": "t", "colour": "blue"}""", "$", "invalid_key_body"),
            ("""{"name": 42}""", "$.name", "invalid_key_body"),
            ("""[1, 2]""", "$", "invalid_key_body"),
            ("""not json""", "$", "invalid_key_body"),
        ];
        foreach (var (body, param, code) in cases)
        {
            using var response = await admin.SendAsync(HttpMethod.Post, "/admin/keys", body);
            var error = await OpenAIError.AssertAsync(response, 400, code);
            var given = error.GetProperty("param").GetString() ?? string.Empty;
            Assert.True(code == "invalid_key_body" ? given.StartsWith(param, StringComparison.Ordinal) : given == param, $"{body}: param {given}");
        }

        Assert.Equal(1, (await admin.OkAsync(HttpMethod.Get, "/admin/keys")).GetProperty("data").GetArrayLength()); // nothing refused was stored
        using var unknown = await admin.SendAsync(HttpMethod.Get, "/admin/keys/key_nope");
        await OpenAIError.AssertAsync(unknown, 404, "key_not_found");
        using var badPatch = await admin.SendAsync(HttpMethod.Patch, $"/admin/keys/{first.GetProperty("id").GetString()}", """{"name": "renamed"}""");
        await OpenAIError.AssertAsync(badPatch, 400, "invalid_key_body"); // names are not changed by PATCH
    }

    [Fact]
    public async Task The_key_api_needs_the_admin_key_and_is_off_without_one()
    {
        await using (var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable))
        {
            var admin = new AdminKeysClient(gateway, AdminKey);
            var created = await admin.CreateAsync("""{"name": "someone"}""");
            using var withVirtualKey = await admin.SendAsync(HttpMethod.Get, "/admin/keys", bearer: created.GetProperty("key").GetString());
            await OpenAIError.AssertAsync(withVirtualKey, 401, "invalid_api_key");
            using var anonymous = await new AdminKeysClient(gateway, null).SendAsync(HttpMethod.Post, "/admin/keys", """{"name": "x"}""");
            await OpenAIError.AssertAsync(anonymous, 401, "invalid_api_key");
        }

        await using var noAdmin = await TestGateway.StartAsync(authMode: "keys");
        using var disabled = await new AdminKeysClient(noAdmin, "anything").SendAsync(HttpMethod.Get, "/admin/keys");
        await OpenAIError.AssertAsync(disabled, 403, "admin_disabled");
    }

    [Fact]
    public async Task Pages_follow_next_after_to_every_key_once_and_filters_narrow_them()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await admin.CreateAsync($$"""{"name": "k{{i}}", "tags": ["{{(i % 2 == 0 ? "even" : "odd")}}"]}""")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        var path = "/admin/keys?limit=2";
        while (true)
        {
            var page = await admin.OkAsync(HttpMethod.Get, path);
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!));
            if (!page.GetProperty("has_more").GetBoolean())
            {
                Assert.Equal(JsonValueKind.Null, page.GetProperty("next_after").ValueKind);
                break;
            }

            path = $"/admin/keys?limit=2&after={page.GetProperty("next_after").GetString()}";
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, (await admin.OkAsync(HttpMethod.Get, "/admin/keys?tag=even")).GetProperty("data").GetArrayLength());
        await admin.OkAsync(HttpMethod.Delete, $"/admin/keys/{ids[0]}");
        Assert.Equal(4, (await admin.OkAsync(HttpMethod.Get, "/admin/keys?status=active")).GetProperty("data").GetArrayLength());
        Assert.Equal(ids[0], (await admin.OkAsync(HttpMethod.Get, "/admin/keys?status=revoked")).GetProperty("data")[0].GetProperty("id").GetString());
        using var badLimit = await admin.SendAsync(HttpMethod.Get, "/admin/keys?limit=0");
        await OpenAIError.AssertAsync(badLimit, 400);
        using var badStatus = await admin.SendAsync(HttpMethod.Get, "/admin/keys?status=sleeping");
        await OpenAIError.AssertAsync(badStatus, 400);
    }

    [Fact]
    public async Task An_expired_key_gets_401_saying_it_expired_and_nothing_more()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable, time: clock);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var expiresAt = clock.GetUtcNow().AddHours(1).ToString("O");
        var created = await admin.CreateAsync($$"""{"name": "temp", "expires_at": "{{expiresAt}}"}""");
        var secret = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString();

        // GET /v1/models authenticates like chat but calls no upstream: nothing here waits on the fake clock.
        using (var before = await ModelsAsync(gateway, secret))
        {
            Assert.Equal(200, (int)before.StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(1));
        using (var after = await ModelsAsync(gateway, secret))
        {
            var error = await OpenAIError.AssertAsync(after, 401, "invalid_api_key");
            Assert.Equal("This API key has expired.", error.GetProperty("message").GetString());
        }

        Assert.Equal("expired", (await admin.OkAsync(HttpMethod.Get, $"/admin/keys/{id}")).GetProperty("status").GetString());

        // An admin can extend it again.
        var later = clock.GetUtcNow().AddDays(1).ToString("O");
        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", $$"""{"expires_at": "{{later}}"}""");
        using var extended = await ModelsAsync(gateway, secret);
        Assert.Equal(200, (int)extended.StatusCode);
    }

    private static async Task<HttpResponseMessage> ModelsAsync(TestGateway gateway, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await gateway.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_per_key_budget_is_a_runtime_budget_of_scope_key_that_the_budgets_api_shows()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable, extraJson: """, "budgets": {}""");
        var admin = new AdminKeysClient(gateway, AdminKey);
        var created = await admin.CreateAsync("""{"name": "capped", "budget": {"usd": 5, "window": "daily"}}""");
        var id = created.GetProperty("id").GetString()!;
        var budget = created.GetProperty("budgets")[0];
        Assert.Equal($"key:{id}:daily", budget.GetProperty("id").GetString());
        Assert.Equal(5m, budget.GetProperty("usd").GetDecimal());

        var patched = await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"budget": {"usd": 7.5, "window": "daily"}}""");
        Assert.Equal(7.5m, patched.GetProperty("budgets")[0].GetProperty("usd").GetDecimal());
        var budgets = await admin.OkAsync(HttpMethod.Get, "/admin/budgets");
        var inForce = budgets.GetProperty("data").EnumerateArray().Single(b => b.GetProperty("id").GetString() == $"key:{id}:daily");
        Assert.Equal(7.5m, inForce.GetProperty("limit_usd").GetDecimal());
        Assert.Equal("key", inForce.GetProperty("scope").GetString());

        using var bad = await admin.SendAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"budget": {"usd": 5, "window": "weekly"}}""");
        var error = await OpenAIError.AssertAsync(bad, 400, "invalid_key_field");
        Assert.Equal("budget.window", error.GetProperty("param").GetString());
    }
}
