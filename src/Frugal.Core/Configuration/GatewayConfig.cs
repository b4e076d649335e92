using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.Configuration;

/// <summary>
/// The whole configuration, immutable once loaded. Every option has a default so that the
/// minimal config in README stays valid as options are added.
/// </summary>
public sealed record GatewayConfig
{
    public string DataDir { get; init; } = "./frugal-data";

    public AuthConfig Auth { get; init; } = new();

    public LimitsConfig Limits { get; init; } = new();

    public Accounting.Ledger.LedgerOptions Ledger { get; init; } = new();

    public PricingConfig Prices { get; init; } = new();

    /// <summary>The shared Redis server, used only by features configured with the <c>redis</c> backend.</summary>
    public RedisConfig Redis { get; init; } = new();

    /// <summary>Exact and semantic caches (off unless enabled).</summary>
    public Caching.CacheConfig Cache { get; init; } = new();

    /// <summary>OTLP export and /metrics access (nothing exported unless an endpoint is set).</summary>
    public TelemetryConfig Telemetry { get; init; } = new();

    public IReadOnlyDictionary<string, ProviderConfig> Providers { get; init; } = DefaultProviders();

    public IReadOnlyDictionary<string, ModelConfig> Models { get; init; } = new Dictionary<string, ModelConfig>();

    /// <summary>Routes (model names resolved per request, with failover) and the routing options.</summary>
    public global::Frugal.Core.Routing.Routes.RoutingConfig Routing { get; init; } = new();

    /// <summary>Budgets, rate limits and output caps (off unless the config has a "budgets" section).</summary>
    public Budgets.Config.BudgetsConfig Budgets { get; init; } = new();

    /// <summary>The providers used when the config names none: the public OpenAI and Anthropic APIs.</summary>
    public static IReadOnlyDictionary<string, ProviderConfig> DefaultProviders() => new Dictionary<string, ProviderConfig>(StringComparer.Ordinal)
    {
        ["openai"] = new() { Name = "openai", Kind = ProviderKind.OpenAI, BaseUrl = new Uri("https://api.openai.com/v1"), ApiKeyEnv = "OPENAI_API_KEY" },
        ["anthropic"] = new() { Name = "anthropic", Kind = ProviderKind.Anthropic, BaseUrl = new Uri("https://api.anthropic.com"), ApiKeyEnv = "ANTHROPIC_API_KEY" },
    };
}
