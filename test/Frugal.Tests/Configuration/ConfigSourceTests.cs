using Frugal.Server;
using Frugal.Server.Configuration;

namespace Frugal.Tests.Configuration;

/// <summary>--config, then FRUGAL_CONFIG, then ./frugal.json, then the embedded defaults.</summary>
public sealed class ConfigSourceTests
{
    [Fact]
    public void The_command_line_wins_over_FRUGAL_CONFIG()
    {
        var source = ConfigSource.Resolve("/etc/a.json", new Dictionary<string, string> { ["FRUGAL_CONFIG"] = "/etc/b.json" });

        Assert.Equal(new ConfigSource("/etc/a.json", "--config"), source);
    }

    [Fact]
    public void FRUGAL_CONFIG_names_the_file_when_no_option_is_given()
    {
        using var file = new ConfigFixture();

        var effective = ConfigLoader.LoadEffective(null, new Dictionary<string, string> { ["FRUGAL_CONFIG"] = file.FilePath });

        Assert.Equal(file.FilePath, effective.Result.Source);
        Assert.Equal(["mock"], effective.Result.Config!.Providers.Keys);
    }

    [Fact]
    public void A_FRUGAL_CONFIG_that_does_not_exist_is_a_problem_not_the_defaults()
    {
        var result = ConfigLoader.LoadEffective(null, new Dictionary<string, string> { ["FRUGAL_CONFIG"] = "/nonexistent/frugal.json" }).Result;

        var problem = Assert.Single(result.Problems);
        Assert.Equal("config file '/nonexistent/frugal.json' does not exist", problem.Message);
    }

    [Fact]
    public void With_no_file_the_embedded_defaults_take_the_overrides()
    {
        var result = ConfigLoader.Schema.LoadEffective(null, new Dictionary<string, string> { ["FRUGAL__AUTH__MODE"] = "none" }).Result;

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(Frugal.Core.Configuration.AuthMode.None, result.Config!.Auth.Mode);
        Assert.Equal(["openai", "anthropic"], result.Config.Providers.Keys.Order(StringComparer.Ordinal).Reverse());
    }
}
