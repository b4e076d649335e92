using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.Configuration;

/// <summary>
/// The whole configuration, immutable once loaded. Every option has a default so that the
/// minimal config in README stays valid as options are added. Feature sections are typed values
/// set by their readers (<see cref="IConfigSectionReader"/>) and read with <see cref="Section{T}"/>;
/// the properties below for today's sections are conveniences over the same store.
/// </summary>
public sealed record GatewayConfig
{
    private ConfigSections _sections = ConfigSections.Empty;

    public string DataDir { get; init; } = "./frugal-data";

    public AuthConfig Auth { get => Section<AuthConfig>(); init => _sections = _sections.With(value); }

    public LimitsConfig Limits { get => Section<LimitsConfig>(); init => _sections = _sections.With(value); }

    public Accounting.Ledger.LedgerOptions Ledger { get => Section<Accounting.Ledger.LedgerOptions>(); init => _sections = _sections.With(value); }

    public PricingConfig Prices { get => Section<PricingConfig>(); init => _sections = _sections.With(value); }

    /// <summary>The shared Redis server, used only by features configured with the <c>redis</c> backend.</summary>
    public RedisConfig Redis { get => Section<RedisConfig>(); init => _sections = _sections.With(value); }

    /// <summary>Exact and semantic caches (off unless enabled).</summary>
    public Caching.CacheConfig Cache { get => Section<Caching.CacheConfig>(); init => _sections = _sections.With(value); }

    /// <summary>OTLP export and /metrics access (nothing exported unless an endpoint is set).</summary>
    public TelemetryConfig Telemetry { get => Section<TelemetryConfig>(); init => _sections = _sections.With(value); }

    public IReadOnlyDictionary<string, ProviderConfig> Providers { get; init; } = DefaultProviders();

    public IReadOnlyDictionary<string, ModelConfig> Models { get; init; } = new Dictionary<string, ModelConfig>();

    /// <summary>Routes (model names resolved per request, with failover) and the routing options.</summary>
    public global::Frugal.Core.Routing.Routes.RoutingConfig Routing { get => Section<global::Frugal.Core.Routing.Routes.RoutingConfig>(); init => _sections = _sections.With(value); }

    /// <summary>Budgets, rate limits and output caps (off unless the config has a "budgets" section).</summary>
    public Budgets.Config.BudgetsConfig Budgets { get => Section<Budgets.Config.BudgetsConfig>(); init => _sections = _sections.With(value); }

    /// <summary>A feature's section as its reader left it; the section's defaults when it was never read (a config built in code).</summary>
    public T Section<T>()
        where T : class, new()
        => _sections.Get<T>() ?? ConfigSections.Default<T>.Value;

    /// <summary>A copy of this config with <paramref name="section"/> set (what a <see cref="ConfigSectionReader{TSection}"/> returns).</summary>
    public GatewayConfig WithSection<T>(T section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(section);
        return this with { _sections = _sections.With(section) };
    }

    /// <summary>The providers used when the config names none: the public OpenAI and Anthropic APIs.</summary>
    public static IReadOnlyDictionary<string, ProviderConfig> DefaultProviders() => new Dictionary<string, ProviderConfig>(StringComparer.Ordinal)
    {
        ["openai"] = new() { Name = "openai", Kind = "openai", BaseUrl = new Uri("https://api.openai.com/v1"), ApiKeyEnv = "OPENAI_API_KEY" },
        ["anthropic"] = new() { Name = "anthropic", Kind = "anthropic", BaseUrl = new Uri("https://api.anthropic.com"), ApiKeyEnv = "ANTHROPIC_API_KEY" },
    };
}
