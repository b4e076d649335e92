using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Admin;

/// <summary>
/// Issue #19 item 5: <c>GET /v1/models</c> through the official SDK shows a key with allowed models only what it may
/// call — its configured models and routes, and its <c>provider/model</c> names that resolve — and everyone else the
/// full list (configured models and routes) as before.
/// </summary>
public sealed class KeyModelListTests
{
    private const string AdminVariable = "FRUGAL_TEST_KEY_MODELS_ADMIN_KEY";
    private const string AdminKey = "admin-secret-for-key-model-list";
    private const string Routes = """
        , "routes": { "cheap-first": { "targets": ["gpt-4o-mini", "claude-sonnet-4"] }, "smart": { "targets": ["claude-sonnet-4"] } }
        """;

    public KeyModelListTests() => Environment.SetEnvironmentVariable(AdminVariable, AdminKey);

    [Fact]
    public async Task A_key_with_allowed_models_lists_only_the_models_and_routes_it_may_call()
    {
        await using var gateway = await TestGateway.StartAsync(authMode: "keys", adminKeyEnv: AdminVariable, extraJson: Routes);
        var admin = new AdminKeysClient(gateway, AdminKey);
        var everything = (await admin.CreateAsync("""{"name": "all"}""")).GetProperty("key").GetString()!;
        var narrow = (await admin.CreateAsync("""
            {"name": "narrow", "allowed_models": ["gpt-4o-mini", "cheap-first", "mock/my-finetune", "made-up-model", "nowhere/x"]}
            """)).GetProperty("key").GetString()!;

        var full = await IdsAsync(gateway, everything);
        var filtered = await IdsAsync(gateway, narrow);

        Assert.Equal(["azure-gpt-4o", "claude-sonnet-4", "gpt-4o-mini", "impatient-model", "auto", "cheap-first", "smart"], full);
        // Listed names first (as the full list orders them), then the allowed provider/model names that resolve; names
        // that resolve to nothing (an unknown model, an unknown provider) are not listed: a call would fail.
        Assert.Equal(["gpt-4o-mini", "cheap-first", "mock/my-finetune"], filtered);

        // What is listed is what the key may call, and what it may not is refused.
        var listedModel = await gateway.ChatClient("mock/my-finetune", narrow).CompleteChatAsync("hi");
        Assert.False(string.IsNullOrEmpty(listedModel.Value.Content[0].Text));
        using var other = await gateway.PostJsonAsync("/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"hi"}]}""", narrow);
        await OpenAIError.AssertAsync(other, 403, "model_not_allowed");

        // Changing the key's list changes what it sees at once; [] is any model again.
        var id = (await admin.OkAsync(HttpMethod.Get, "/admin/keys?name=narrow")).GetProperty("data")[0].GetProperty("id").GetString();
        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"allowed_models": ["smart"]}""");
        Assert.Equal(["smart"], await IdsAsync(gateway, narrow));
        await admin.OkAsync(HttpMethod.Patch, $"/admin/keys/{id}", """{"allowed_models": []}""");
        Assert.Equal(full, await IdsAsync(gateway, narrow));
    }

    [Fact]
    public async Task Auth_mode_none_lists_everything()
    {
        await using var gateway = await TestGateway.StartAsync(extraJson: Routes);

        var ids = await IdsAsync(gateway, "unused-in-no-auth-mode");

        Assert.Equal(["azure-gpt-4o", "claude-sonnet-4", "gpt-4o-mini", "impatient-model", "auto", "cheap-first", "smart"], ids);
    }

    private static async Task<List<string>> IdsAsync(TestGateway gateway, string key)
    {
        var models = await gateway.OpenAIClient(key).GetOpenAIModelClient().GetModelsAsync();
        return [.. models.Value.Select(m => m.Id)];
    }
}
