using Frugal.Core.Configuration;
using Frugal.Server;

namespace Frugal.Tests.Core.ConfigSections;

/// <summary>
/// Issue #13 item 7: a feature's section reader is found in the assembly the host passes; nothing in
/// GatewayConfig, the loader or any list names it.
/// </summary>
public sealed class ConfigSectionReaderTests
{
    private static readonly ConfigSchema WithWidgets = ConfigLoader.SchemaWith(featureAssemblies: typeof(WidgetsConfigReader).Assembly);

    [Fact]
    public void A_section_from_a_feature_assembly_is_read_and_returned_by_type()
    {
        var result = WithWidgets.Parse("""{"models":{"m":{"provider":"openai"}},"widgets":{"size":3,"model":"m"}}""", "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(new WidgetsConfig { Size = 3, Model = "m" }, result.Config!.Section<WidgetsConfig>());
    }

    [Fact]
    public void Its_unknown_settings_are_refused_with_their_path()
    {
        var result = WithWidgets.Parse("""{"widgets":{"size":3,"colour":"red"}}""", "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.widgets.colour", problem.Path);
        Assert.Contains("expected one of: size, model", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_reads_after_the_keys_it_checks_against()
    {
        var result = WithWidgets.Parse("""{"widgets":{"model":"nope"},"models":{"m":{"provider":"openai"}}}""", "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.widgets.model", problem.Path);
        Assert.Equal("unknown model 'nope'", problem.Message);
    }

    [Fact]
    public void Without_the_feature_assembly_its_key_is_an_unknown_setting()
    {
        var result = ConfigLoader.Parse("""{"widgets":{"size":3}}""", "test");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.widgets", problem.Path);
        Assert.Contains("unknown setting", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_section_has_its_defaults_and_today_s_sections_come_from_the_same_store()
    {
        var result = WithWidgets.Parse("""{"cache":{"enabled":true}}""", "test");

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(new WidgetsConfig(), result.Config!.Section<WidgetsConfig>());
        Assert.Same(result.Config.Cache, result.Config.Section<Frugal.Core.Caching.CacheConfig>());
        Assert.True(result.Config.Cache.Enabled);
        Assert.Equal(new WidgetsConfig(), new GatewayConfig().Section<WidgetsConfig>());
    }

    [Fact]
    public void Setting_a_section_on_a_copy_leaves_the_original_alone()
    {
        var original = new GatewayConfig();
        var copy = original.WithSection(new WidgetsConfig { Size = 9 }) with { Cache = new Frugal.Core.Caching.CacheConfig { Enabled = true } };

        Assert.Equal(9, copy.Section<WidgetsConfig>().Size);
        Assert.True(copy.Cache.Enabled);
        Assert.Equal(1, original.Section<WidgetsConfig>().Size);
        Assert.False(original.Cache.Enabled);
    }

    [Fact]
    public void Every_reader_in_Frugal_Core_declares_itself()
    {
        var core = typeof(ConfigSchema).Assembly;
        var declared = core.GetCustomAttributes(typeof(ConfigSectionReaderAttribute), false).Cast<ConfigSectionReaderAttribute>().Select(a => a.ReaderType).ToHashSet();
        var readers = core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConfigSectionReader).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(readers);
        Assert.All(readers, reader => Assert.True(declared.Contains(reader), $"{reader.FullName} needs [assembly: ConfigSectionReader(typeof({reader.Name}))] in its file"));
        Assert.Equal(["auth", "batches", "budgets", "cache", "compression", "dataDir", "deferral", "ledger", "limits", "logging", "models", "prices", "privacy", "promptCache", "providers", "redis", "routes", "routing", "telemetry", "tls"], ConfigLoader.Schema.RootKeys.Order(StringComparer.Ordinal));
    }
}
