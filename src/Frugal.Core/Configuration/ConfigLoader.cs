using System.Text.Json;

namespace Frugal.Core.Configuration;

/// <summary>
/// Loads <c>frugal.json</c> into an immutable <see cref="GatewayConfig"/>, collecting every
/// problem with its JSON path. Missing settings take the defaults of the config records.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultFileName = "frugal.json";

    private static readonly string[] RootKeys = ["dataDir", "auth", "limits", "providers", "models", "ledger", "prices", "redis", "routes", "routing", "cache", "budgets", "telemetry"];
    private static readonly string[] AuthKeys = ["mode", "adminKeyEnv", "keyCacheSeconds"];
    private static readonly string[] LimitsKeys = ["maxRequestBodyBytes"];
    private static readonly string[] ProviderKeys = ["kind", "baseUrl", "apiKeyEnv", "apiVersion", "timeoutSeconds", "maxRetries", "retryBaseDelayMs", "headers"];
    private static readonly string[] ModelKeys = ["provider", "upstreamModel", "storeBodies"];

    private static readonly Dictionary<string, ProviderKind> ProviderKinds = new(StringComparer.Ordinal)
    {
        ["openai"] = ProviderKind.OpenAI,
        ["anthropic"] = ProviderKind.Anthropic,
    };

    private static readonly Dictionary<string, AuthMode> AuthModes = new(StringComparer.Ordinal)
    {
        ["keys"] = AuthMode.Keys,
        ["none"] = AuthMode.None,
    };

    /// <summary>
    /// Loads the file at <paramref name="path"/>; with no path, <c>frugal.json</c> in the working
    /// directory if there is one, else the embedded defaults.
    /// </summary>
    public static ConfigLoadResult Load(string? path)
    {
        var file = path ?? (File.Exists(DefaultFileName) ? DefaultFileName : null);
        if (file is null)
        {
            return new ConfigLoadResult(new GatewayConfig(), [], "embedded defaults");
        }

        if (!File.Exists(file))
        {
            return new ConfigLoadResult(null, [new ConfigProblem("$", $"config file '{file}' does not exist")], file);
        }

        return Parse(File.ReadAllText(file), file);
    }

    public static ConfigLoadResult Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
            return new ConfigLoadResult(null, [new ConfigProblem("$", $"not valid JSON{where}")], source);
        }

        using (document)
        {
            var reader = new JsonConfigReader();
            var config = ReadRoot(document.RootElement, reader, ConfigDirectory(source));
            return new ConfigLoadResult(reader.Problems.Count == 0 ? config : null, reader.Problems, source);
        }
    }

    /// <summary>Relative paths in a config file (router.json) are relative to the file; for other sources, to the working directory.</summary>
    private static string ConfigDirectory(string source)
        => File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Directory.GetCurrentDirectory();

    private static GatewayConfig ReadRoot(JsonElement root, JsonConfigReader reader, string baseDirectory)
    {
        var config = new GatewayConfig();
        if (!reader.ExpectObject(root, "$", RootKeys))
        {
            return config;
        }

        config = config with
        {
            DataDir = reader.String(root, "dataDir", "$") ?? config.DataDir,
            Auth = ReadAuth(root, reader, config.Auth),
            Limits = ReadLimits(root, reader, config.Limits),
            Ledger = LedgerConfigReader.Read(root, reader),
            Prices = PricingConfigReader.Read(root, reader),
            Redis = RedisConfigReader.Read(root, reader),
            Telemetry = TelemetryConfigReader.Read(root, reader),
        };

        if (root.TryGetProperty("providers", out _))
        {
            config = config with { Providers = ReadProviders(root, reader) };
        }

        config = config with { Models = ReadModels(root, reader, config.Providers) };
        config = config with { Cache = Caching.CacheConfigReader.Read(root, reader, [.. config.Providers.Keys]) };
        config = config with { Routing = global::Frugal.Core.Routing.Routes.RoutesConfigReader.Read(root, reader, config, baseDirectory) };
        config = config with { Budgets = Budgets.Config.BudgetsConfigReader.Read(root, reader) };
        return config;
    }

    private static AuthConfig ReadAuth(JsonElement root, JsonConfigReader reader, AuthConfig defaults)
    {
        const string path = "$.auth";
        if (!reader.TryGetSection(root, "auth", "$", out var auth) || !reader.ExpectObject(auth, path, AuthKeys))
        {
            return defaults;
        }

        var cacheSeconds = reader.Integer(auth, "keyCacheSeconds", path, 0, 3600);
        return defaults with
        {
            Mode = reader.Enum(auth, "mode", path, AuthModes) ?? defaults.Mode,
            AdminKeyEnv = reader.String(auth, "adminKeyEnv", path) ?? defaults.AdminKeyEnv,
            KeyCacheDuration = cacheSeconds is { } s ? TimeSpan.FromSeconds(s) : defaults.KeyCacheDuration,
        };
    }

    private static LimitsConfig ReadLimits(JsonElement root, JsonConfigReader reader, LimitsConfig defaults)
    {
        const string path = "$.limits";
        if (!reader.TryGetSection(root, "limits", "$", out var limits) || !reader.ExpectObject(limits, path, LimitsKeys))
        {
            return defaults;
        }

        return defaults with
        {
            MaxRequestBodyBytes = reader.Integer(limits, "maxRequestBodyBytes", path, 1024, 1L << 30) ?? defaults.MaxRequestBodyBytes,
        };
    }

    private static Dictionary<string, ProviderConfig> ReadProviders(JsonElement root, JsonConfigReader reader)
    {
        var providers = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(root, "providers", "$"))
        {
            if (name.Contains('/', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(name))
            {
                reader.Report(path, "a provider name must be non-empty and must not contain '/' (clients call models as provider/model)");
            }

            if (!reader.ExpectObject(value, path, ProviderKeys))
            {
                continue;
            }

            var kind = reader.Enum(value, "kind", path, ProviderKinds) ?? ProviderKind.OpenAI;
            var baseUrl = reader.AbsoluteHttpUrl(value, "baseUrl", path, required: true);
            var timeout = reader.Integer(value, "timeoutSeconds", path, 1, 3600);
            var retries = reader.Integer(value, "maxRetries", path, 0, 10);
            var delay = reader.Integer(value, "retryBaseDelayMs", path, 0, 60_000);
            var apiVersion = reader.String(value, "apiVersion", path);
            if (apiVersion is not null && kind != ProviderKind.OpenAI)
            {
                reader.Report(JsonConfigReader.Child(path, "apiVersion"), "is only for Azure OpenAI (kind \"openai\")");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (header, headerValue, headerPath) in reader.Map(value, "headers", path))
            {
                if (headerValue.ValueKind == JsonValueKind.String)
                {
                    headers[header] = headerValue.GetString()!;
                }
                else
                {
                    reader.Report(headerPath, "a header value must be a string");
                }
            }

            if (baseUrl is null)
            {
                continue;
            }

            var defaults = new ProviderConfig { Name = name, BaseUrl = baseUrl };
            providers[name] = defaults with
            {
                Kind = kind,
                ApiKeyEnv = reader.String(value, "apiKeyEnv", path) ?? DefaultKeyVariable(name),
                AzureApiVersion = apiVersion,
                Timeout = timeout is { } t ? TimeSpan.FromSeconds(t) : defaults.Timeout,
                MaxRetries = retries is { } r ? (int)r : defaults.MaxRetries,
                RetryBaseDelay = delay is { } d ? TimeSpan.FromMilliseconds(d) : defaults.RetryBaseDelay,
                Headers = headers,
            };
        }

        return providers;
    }

    private static Dictionary<string, ModelConfig> ReadModels(JsonElement root, JsonConfigReader reader, IReadOnlyDictionary<string, ProviderConfig> providers)
    {
        var models = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(root, "models", "$"))
        {
            if (!reader.ExpectObject(value, path, ModelKeys))
            {
                continue;
            }

            var provider = reader.String(value, "provider", path, required: true);
            var upstream = reader.String(value, "upstreamModel", path);
            var storeBodies = reader.Boolean(value, "storeBodies", path);
            if (provider is null)
            {
                continue;
            }

            if (!providers.ContainsKey(provider))
            {
                reader.Report(JsonConfigReader.Child(path, "provider"), $"unknown provider '{provider}'; configured providers: {string.Join(", ", providers.Keys)}");
                continue;
            }

            models[name] = new ModelConfig { Name = name, Provider = provider, UpstreamModel = upstream, StoreBodies = storeBodies ?? false };
        }

        return models;
    }

    /// <summary>"openai" → OPENAI_API_KEY, "my-vllm" → MY_VLLM_API_KEY.</summary>
    public static string DefaultKeyVariable(string providerName)
    {
        var chars = providerName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return new string(chars) + "_API_KEY";
    }
}
