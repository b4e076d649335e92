using System.Text.Json;
using Frugal.Core.Caching.Semantic.Embedding;
using Frugal.Core.Configuration;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Caching.CacheConfigReader))]

namespace Frugal.Core.Caching;

/// <summary>
/// Reads the optional <c>cache</c> section: <c>{"enabled", "backend", "ttlSeconds", "maxMemoryBytes",
/// "maxTemperature", "namespace", "keys", "models", "semantic"}</c>; every problem with its JSON path.
/// </summary>
public sealed class CacheConfigReader : ConfigSectionReader<CacheConfig>
{
    public override IReadOnlyList<string> Keys => ["cache"];

    public override IReadOnlyList<string> ReadsAfter => ["providers"];

    public override CacheConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader, [.. context.Config.Providers.Keys]);

    private const long MaxTtlSeconds = 365L * 24 * 3600;

    private static readonly string[] SectionKeys = ["enabled", "backend", "ttlSeconds", "maxMemoryBytes", "maxTemperature", "namespace", "keys", "models", "semantic"];
    private static readonly string[] KeyRuleKeys = ["enabled", "ttlSeconds", "maxTemperature", "namespace"];
    private static readonly string[] ModelRuleKeys = ["enabled", "ttlSeconds", "maxTemperature"];
    private static readonly string[] SemanticKeys = ["enabled", "embedder", "embedderProvider", "embedderModel", "dimensions", "threshold", "verifier", "exactIndexLimit", "maxCandidates", "syncIntervalMs", "maxMemoryBytes", "maxContexts"];

    /// <summary>Below this the semantic cache could not hold a handful of 512-d entries.</summary>
    private const long MinSemanticMemoryBytes = 64 * 1024;

    private static readonly Dictionary<string, CacheBackend> Backends = new(StringComparer.Ordinal)
    {
        ["memory"] = CacheBackend.Memory,
        ["sqlite"] = CacheBackend.Sqlite,
        ["redis"] = CacheBackend.Redis,
    };

    private static readonly Dictionary<string, CacheNamespaceMode> NamespaceModes = new(StringComparer.Ordinal)
    {
        ["key"] = CacheNamespaceMode.Key,
        ["team"] = CacheNamespaceMode.Team,
    };

    public static CacheConfig Read(JsonElement root, JsonConfigReader reader, IReadOnlyCollection<string> providerNames)
    {
        const string path = "$.cache";
        var defaults = new CacheConfig();
        if (!reader.TryGetSection(root, "cache", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var ttl = reader.Integer(section, "ttlSeconds", path, 1, MaxTtlSeconds);
        var backend = reader.Enum(section, "backend", path, Backends) ?? defaults.Backend;
        var maxMemory = reader.Integer(section, "maxMemoryBytes", path, 1024 * 1024, 1L << 40) ?? defaults.MaxMemoryBytes;
        return defaults with
        {
            Enabled = reader.Boolean(section, "enabled", path) ?? defaults.Enabled,
            Backend = backend,
            Ttl = ttl is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.Ttl,
            MaxMemoryBytes = maxMemory,
            MaxTemperature = (double?)reader.Decimal(section, "maxTemperature", path, 0m, 2m) ?? defaults.MaxTemperature,
            NamespaceBy = reader.Enum(section, "namespace", path, NamespaceModes) ?? defaults.NamespaceBy,
            Keys = ReadRules(section, "keys", path, reader, KeyRuleKeys),
            Models = ReadRules(section, "models", path, reader, ModelRuleKeys),
            Semantic = ReadSemantic(section, path, reader, providerNames, maxMemory, backend),
        };
    }

    private static Dictionary<string, CacheRule> ReadRules(JsonElement section, string key, string path, JsonConfigReader reader, string[] knownKeys)
    {
        var rules = new Dictionary<string, CacheRule>(StringComparer.Ordinal);
        foreach (var (name, value, rulePath) in reader.Map(section, key, path))
        {
            if (!reader.ExpectObject(value, rulePath, knownKeys))
            {
                continue;
            }

            var ttl = reader.Integer(value, "ttlSeconds", rulePath, 1, MaxTtlSeconds);
            var sharedNamespace = reader.String(value, "namespace", rulePath);
            if (sharedNamespace is not null && string.IsNullOrWhiteSpace(sharedNamespace))
            {
                reader.Report(JsonConfigReader.Child(rulePath, "namespace"), "must not be empty");
                sharedNamespace = null;
            }

            rules[name] = new CacheRule
            {
                Enabled = reader.Boolean(value, "enabled", rulePath),
                Ttl = ttl is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                MaxTemperature = (double?)reader.Decimal(value, "maxTemperature", rulePath, 0m, 2m),
                Namespace = sharedNamespace,
            };
        }

        return rules;
    }

    private static SemanticCacheConfig ReadSemantic(JsonElement cache, string cachePath, JsonConfigReader reader, IReadOnlyCollection<string> providerNames, long cacheMaxMemory, CacheBackend backend)
    {
        var path = JsonConfigReader.Child(cachePath, "semantic");
        var defaults = new SemanticCacheConfig
        {
            MaxMemoryBytes = SemanticCacheConfig.DefaultMemoryShare(cacheMaxMemory),
            Threshold = CalibratedThresholds.DefaultFor(EmbedderOptions.DefaultKind),
        };
        if (!reader.TryGetSection(cache, "semantic", cachePath, out var section) || !reader.ExpectObject(section, path, SemanticKeys))
        {
            return defaults;
        }

        var kind = reader.String(section, "embedder", path) ?? defaults.Embedder.Kind;
        if (!EmbedderFactory.Kinds.Contains(kind))
        {
            reader.Report(JsonConfigReader.Child(path, "embedder"), $"'{kind}' is not one of: {string.Join(", ", EmbedderFactory.Kinds)}");
            kind = defaults.Embedder.Kind;
        }

        var provider = reader.String(section, "embedderProvider", path);
        var model = reader.String(section, "embedderModel", path);
        if (kind == "http")
        {
            if (provider is null || model is null)
            {
                reader.Report(path, "the http embedder needs \"embedderProvider\" (a configured provider) and \"embedderModel\"");
            }
            else if (!providerNames.Contains(provider))
            {
                reader.Report(JsonConfigReader.Child(path, "embedderProvider"), $"unknown provider '{provider}'; configured providers: {string.Join(", ", providerNames)}");
            }
        }

        var syncMs = reader.Integer(section, "syncIntervalMs", path, 0, 60_000);

        // The share is carved out of cache.maxMemoryBytes; the memory backend needs some of it left for answers.
        var shareLimit = backend == CacheBackend.Memory ? cacheMaxMemory - CacheConfig.MinStoreMemoryBytes : cacheMaxMemory;
        var share = reader.Integer(section, "maxMemoryBytes", path, MinSemanticMemoryBytes, long.MaxValue);
        if (share > shareLimit)
        {
            reader.Report(JsonConfigReader.Child(path, "maxMemoryBytes"), backend == CacheBackend.Memory
                ? $"must leave at least {CacheConfig.MinStoreMemoryBytes} of cache.maxMemoryBytes ({cacheMaxMemory}) to the memory store's answers"
                : $"must not exceed cache.maxMemoryBytes ({cacheMaxMemory})");
            share = null;
        }

        return defaults with
        {
            Enabled = reader.Boolean(section, "enabled", path) ?? defaults.Enabled,
            Embedder = defaults.Embedder with
            {
                Kind = kind,
                Dimensions = (int)(reader.Integer(section, "dimensions", path, 0, 65_536) ?? 0),
            },
            EmbedderProvider = provider,
            EmbedderModel = model,
            // Unset: the embedder's calibrated default (calibrated-thresholds.json), not one figure for every embedder.
            Threshold = (float?)reader.Decimal(section, "threshold", path, 0.5m, 1m) ?? CalibratedThresholds.DefaultFor(kind),
            Verifier = reader.Boolean(section, "verifier", path) ?? defaults.Verifier,
            ExactIndexLimit = (int)(reader.Integer(section, "exactIndexLimit", path, 0, 10_000_000) ?? defaults.ExactIndexLimit),
            MaxCandidates = (int)(reader.Integer(section, "maxCandidates", path, 1, 64) ?? defaults.MaxCandidates),
            SyncInterval = syncMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.SyncInterval,
            MaxMemoryBytes = share ?? defaults.MaxMemoryBytes,
            MaxContexts = (int)(reader.Integer(section, "maxContexts", path, 1, 10_000_000) ?? defaults.MaxContexts),
        };
    }
}
