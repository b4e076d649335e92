using Frugal.Server;
using Frugal.Server.Hosting;

namespace Frugal.Tests.Hosting;

public sealed class ListenSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Command_line_wins_over_both_variables()
    {
        var settings = ListenSettings.Resolve("http://127.0.0.1:1", Env(("FRUGAL_URLS", "http://127.0.0.1:2"), ("ASPNETCORE_URLS", "http://127.0.0.1:3")));
        Assert.Equal(["http://127.0.0.1:1"], settings.Urls);
        Assert.Equal("--urls", settings.Source);
    }

    [Fact]
    public void FRUGAL_URLS_wins_over_ASPNETCORE_URLS()
    {
        var settings = ListenSettings.Resolve(null, Env(("FRUGAL_URLS", "http://0.0.0.0:8080; https://0.0.0.0:8443"), ("ASPNETCORE_URLS", "http://127.0.0.1:3")));
        Assert.Equal(["http://0.0.0.0:8080", "https://0.0.0.0:8443"], settings.Urls);
        Assert.Equal("FRUGAL_URLS", settings.Source);
    }

    [Fact]
    public void ASPNETCORE_URLS_is_honoured_when_it_is_the_only_setting()
    {
        var settings = ListenSettings.Resolve(null, Env(("ASPNETCORE_URLS", "http://127.0.0.1:5000")));
        Assert.Equal(["http://127.0.0.1:5000"], settings.Urls);
        Assert.Equal("ASPNETCORE_URLS", settings.Source);
    }

    [Fact]
    public void Default_is_loopback_8080_and_blank_values_do_not_count()
    {
        var settings = ListenSettings.Resolve("  ", Env(("FRUGAL_URLS", ""), ("ASPNETCORE_URLS", " ; ")));
        Assert.Equal([GatewayHostOptions.DefaultUrl], settings.Urls);
        Assert.Equal("default", settings.Source);
    }

    [Fact]
    public void Https_is_detected_in_any_url()
    {
        Assert.True(ListenSettings.AnyHttps(["http://127.0.0.1:1", "HTTPS://127.0.0.1:2"]));
        Assert.False(ListenSettings.AnyHttps(["http://127.0.0.1:1"]));
    }
}
