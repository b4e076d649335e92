using Frugal.Core.Budgets.Config;
using Frugal.Server.Configuration;

namespace Frugal.Tests.Configuration;

/// <summary>Secret settings take a value, <c>env:NAME</c> or <c>file:PATH</c>; a missing one is a problem naming it, never showing a value.</summary>
public sealed class SecretSettingTests
{
    private const string SecretText = "sk-very-secret-0123456789";

    [Fact]
    public void Every_secret_setting_reads_env_and_file_references()
    {
        using var file = new ConfigFixture();
        var passwordFile = file.WriteSecret("redis-password", "p4ss-from-file\n");
        File.WriteAllText(file.FilePath, $$"""
            {
              "auth": { "adminKey": "env:ADMIN" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "env:MOCK_KEY" } },
              "redis": { "password": "file:{{passwordFile}}" },
              "budgets": { "alertWebhook": "env:HOOK" }
            }
            """);

        var result = file.Load(("ADMIN", "admin-key"), ("MOCK_KEY", SecretText), ("HOOK", "https://hooks.example/T0/secret-token")).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var config = result.Config!;
        Assert.Equal("admin-key", config.Auth.AdminKey);
        Assert.Equal("admin-key", config.Auth.ResolveAdminKey());
        Assert.Equal(SecretText, config.Providers["mock"].ResolveApiKey());
        Assert.Equal("p4ss-from-file", config.Redis.Password); // the trailing newline of a mounted secret is dropped
        Assert.Equal(new Uri("https://hooks.example/T0/secret-token"), config.Section<BudgetsConfig>().AlertWebhook);
    }

    [Fact]
    public void A_missing_variable_or_file_is_a_problem_naming_it()
    {
        using var file = new ConfigFixture("""
            {
              "auth": { "adminKey": "env:NOT_SET_ANYWHERE" },
              "redis": { "password": "file:/nonexistent/frugal/secret" }
            }
            """);

        var result = file.Load().Result;

        Assert.Contains(result.Problems, p => p.ToString() == "$.auth.adminKey: environment variable 'NOT_SET_ANYWHERE' is not set");
        Assert.Contains(result.Problems, p => p.ToString() == "$.redis.password: secret file '/nonexistent/frugal/secret' does not exist or cannot be read");
    }

    [Fact]
    public void A_secret_webhook_that_is_not_a_URL_is_refused_without_showing_it()
    {
        using var file = new ConfigFixture("""{ "budgets": { "alertWebhook": "env:HOOK" } }""");

        var result = file.Load(("HOOK", "ftp://" + SecretText)).Result;

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.budgets.alertWebhook", problem.Path);
        Assert.DoesNotContain(SecretText, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_effective_view_masks_every_secret_and_says_where_it_came_from()
    {
        using var file = new ConfigFixture("""
            {
              "auth": { "adminKey": "written-in-the-file" },
              "providers": { "mock": { "kind": "openai", "baseUrl": "http://127.0.0.1:9/v1", "apiKey": "env:MOCK_KEY" } }
            }
            """);

        var effective = file.Load(("MOCK_KEY", SecretText), ("FRUGAL__REDIS__PASSWORD", "override-secret"), ("FRUGAL__CACHE__ENABLED", "true"));
        var json = EffectiveConfigView.Json(effective);
        var origins = EffectiveConfigView.Origins(effective);

        Assert.True(effective.Result.IsValid, string.Join("; ", effective.Result.Problems));
        foreach (var text in new[] { json, origins })
        {
            Assert.DoesNotContain(SecretText, text, StringComparison.Ordinal);
            Assert.DoesNotContain("written-in-the-file", text, StringComparison.Ordinal);
            Assert.DoesNotContain("override-secret", text, StringComparison.Ordinal);
        }

        Assert.Contains("\"apiKey\": \"*** (env:MOCK_KEY)\"", json, StringComparison.Ordinal);
        Assert.Contains("\"adminKey\": \"*** (file)\"", json, StringComparison.Ordinal);
        Assert.Contains("\"password\": \"*** (env:FRUGAL__REDIS__PASSWORD)\"", json, StringComparison.Ordinal);
        Assert.Contains("$.cache.enabled = true  (env:FRUGAL__CACHE__ENABLED)", origins, StringComparison.Ordinal);
        Assert.Contains("$.providers.mock.baseUrl = \"http://127.0.0.1:9/v1\"  (file)", origins, StringComparison.Ordinal);
    }
}
