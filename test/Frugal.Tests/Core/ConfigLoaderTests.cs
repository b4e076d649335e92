using System.Text.RegularExpressions;
using Frugal.Core.Configuration;
using Frugal.Providers.Anthropic;
using Frugal.Server;
using Frugal.Tests.Infrastructure;

namespace Frugal.Tests.Core;

public sealed partial class ConfigLoaderTests
{
    [Fact]
    public void The_minimal_config_in_README_is_valid_as_written()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var json = MinimalConfigBlock().Match(readme);
        Assert.True(json.Success, "README must carry the minimal config in a ```json block that starts with \"dataDir\"");

        var result = ConfigLoader.Parse(json.Groups[1].Value, "README");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(AuthMode.None, result.Config!.Auth.Mode);
        Assert.Equal(AnthropicKind.KindName, result.Config.Providers["mock-anthropic"].Kind);
        Assert.Equal("claude-sonnet-4-20250514", result.Config.Models["claude-sonnet-4"].EffectiveUpstreamModel);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_json_path()
    {
        const string json = """
            {
              "dataDir": 7,
              "auth": { "mode": "maybe" },
              "limits": { "maxRequestBodyBytes": "big" },
              "providers": {
                "a": { "kind": "openai", "baseUrl": "not a url", "timeoutSeconds": 0 },
                "b/c": { "kind": "gemini", "baseUrl": "http://x" },
                "d": { "kind": "anthropic", "baseUrl": "http://x", "apiVersion": "1" }
              },
              "models": {
                "m1": { "provider": "nope" },
                "m2": { "upstreamModel": "x" },
                "m3": { "provider": "d", "colour": "red" }
              },
              "surprise": true
            }
            """;

        var result = ConfigLoader.Parse(json, "test");

        Assert.False(result.IsValid);
        var paths = result.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.dataDir", paths);
        Assert.Contains("$.auth.mode", paths);
        Assert.Contains("$.limits.maxRequestBodyBytes", paths);
        Assert.Contains("$.providers.a.baseUrl", paths);
        Assert.Contains("$.providers.a.timeoutSeconds", paths);
        Assert.Contains("$.providers['b/c']", paths);
        Assert.Contains("$.providers['b/c'].kind", paths);
        Assert.Contains("$.providers.d.apiVersion", paths);
        Assert.Contains("$.models.m1.provider", paths);
        Assert.Contains("$.models.m2.provider", paths);
        Assert.Contains("$.models.m3.colour", paths);
        Assert.Contains("$.surprise", paths);
        Assert.Contains(result.Problems, p => p.Path == "$.models.m1.provider" && p.Message.Contains("unknown provider 'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line()
    {
        var result = ConfigLoader.Parse("{\n \"dataDir\": \n}", "test");

        var problem = Assert.Single(result.Problems);
        Assert.Contains("line", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_means_embedded_defaults_with_openai_and_anthropic()
    {
        var config = new GatewayConfig();

        Assert.Equal(AuthMode.Keys, config.Auth.Mode);
        Assert.Equal("OPENAI_API_KEY", config.Providers["openai"].ApiKeyEnv);
        Assert.Equal("ANTHROPIC_API_KEY", config.Providers["anthropic"].ApiKeyEnv);
    }

    [Fact]
    public void Provider_key_variables_default_from_the_provider_name()
    {
        var result = ConfigLoader.Parse("""{"providers":{"my-vllm":{"baseUrl":"http://127.0.0.1:8000/v1"}}}""", "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("MY_VLLM_API_KEY", result.Config!.Providers["my-vllm"].ApiKeyEnv);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.5:8080", false)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    public void No_auth_mode_is_refused_unless_every_address_is_loopback(string url, bool allowed)
    {
        var config = new GatewayConfig { Auth = new AuthConfig { Mode = AuthMode.None } };

        var problems = StartupChecks.Check(config, [url]);

        Assert.Equal(allowed, problems.Count == 0);
    }

    [GeneratedRegex("```json\\s*(\\{\\s*\"dataDir\".*?\\n\\})\\s*```", RegexOptions.Singleline)]
    private static partial Regex MinimalConfigBlock();
}
