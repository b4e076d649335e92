using System.Net.Http.Headers;
using System.Text.Json;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Budgets;

/// <summary>GET/PUT /admin/budgets: run-time budgets in force at once, bad bodies answered 400 with their JSON paths, the admin key required.</summary>
public sealed class AdminBudgetsTests
{
    [Fact]
    public async Task A_budget_put_through_the_admin_api_is_listed_and_enforced_at_once()
    {
        await using var gateway = await BudgetTesting.StartAsync("{}");
        var empty = await GetAsync(gateway);
        Assert.Equal(0, empty.GetProperty("data").GetArrayLength());

        using var put = await PutAsync(gateway, """{ "scope": "key", "subject": "anonymous", "window": "daily", "usd": 0.00002 }""");
        Assert.Equal(200, (int)put.StatusCode);

        var listed = (await GetAsync(gateway)).GetProperty("data").EnumerateArray().Single();
        Assert.Equal("key:anonymous:daily", listed.GetProperty("id").GetString());
        Assert.Equal("runtime", listed.GetProperty("source").GetString());
        Assert.Equal([0.5m, 0.8m, 1m], listed.GetProperty("thresholds").EnumerateArray().Select(t => t.GetProperty("at").GetDecimal()));

        var client = gateway.ChatClient("gpt-4o-mini");
        var last = 200;
        for (var i = 0; i < 10 && last == 200; i++)
        {
            last = (await BudgetTesting.CallAsync(client, $"call {i}")).Status;
        }

        Assert.Equal(429, last);
        var after = (await GetAsync(gateway)).GetProperty("data")[0];
        Assert.True(after.GetProperty("spent_usd").GetDecimal() is > 0m and <= 0.00002m);
        Assert.Equal(0m, after.GetProperty("reserved_usd").GetDecimal());
    }

    [Fact]
    public async Task A_bad_body_gets_400_naming_every_bad_field_by_its_path()
    {
        await using var gateway = await BudgetTesting.StartAsync("{}");

        using var bad = await PutAsync(gateway, """{ "scope": "key", "window": "weekly", "usd": "ten", "colour": 1 }""");
        var error = await OpenAIError.AssertAsync(bad, 400, "invalid_budget");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("$.subject: is required for scope \"key\"", message, StringComparison.Ordinal);
        Assert.Contains("$.window: 'weekly' is not one of", message, StringComparison.Ordinal);
        Assert.Contains("$.usd: must be a number", message, StringComparison.Ordinal);
        Assert.Contains("$.colour: unknown setting", message, StringComparison.Ordinal);
        Assert.Equal("$.colour", error.GetProperty("param").GetString());

        using var notJson = await PutAsync(gateway, "{ nope");
        await OpenAIError.AssertAsync(notJson, 400);

        using var inArray = await PutAsync(gateway, """[ { "scope": "global", "window": "daily", "usd": 1 }, { "scope": "global", "window": "daily" } ]""");
        var arrayError = await OpenAIError.AssertAsync(inArray, 400, "invalid_budget");
        Assert.Contains("$[1].usd: is required", arrayError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await GetAsync(gateway)).GetProperty("data").GetArrayLength()); // nothing of a rejected body is stored
    }

    [Fact]
    public async Task The_admin_api_needs_the_admin_key()
    {
        const string variable = "FRUGAL_TEST_BUDGET_ADMIN_KEY";
        Environment.SetEnvironmentVariable(variable, "admin-secret-budgets");
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", extraJson: """, "budgets": {}""", adminKeyEnv: variable);

        using var anonymous = await PutAsync(gateway, """{ "scope": "global", "window": "daily", "usd": 1 }""");
        await OpenAIError.AssertAsync(anonymous, 401, "invalid_api_key");

        using var admin = await PutAsync(gateway, """{ "scope": "global", "window": "daily", "usd": 1 }""", "admin-secret-budgets");
        Assert.Equal(200, (int)admin.StatusCode);
    }

    private static async Task<JsonElement> GetAsync(TestGateway gateway)
    {
        using var response = await gateway.Http.GetAsync(new Uri("/admin/budgets", UriKind.Relative));
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> PutAsync(TestGateway gateway, string body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/budgets") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await gateway.Http.SendAsync(request);
    }
}
