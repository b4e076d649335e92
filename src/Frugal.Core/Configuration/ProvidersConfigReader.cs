using System.Text.Json;
using Frugal.Core.Dispatch;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.ProvidersConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>
/// Reads the optional <c>providers</c> section (name → provider). A provider's <c>kind</c> must be one of
/// the kinds the host registered (<see cref="ConfigReadContext.ProviderKinds"/>); a setting only some kinds
/// accept (Azure's <c>apiVersion</c>) is an error on the others. Without the section, the public OpenAI and
/// Anthropic APIs (<see cref="GatewayConfig.DefaultProviders"/>).
/// </summary>
public sealed class ProvidersConfigReader : IConfigSectionReader
{
    private static readonly string[] CommonKeys = ["kind", "baseUrl", "apiKey", "apiKeyEnv", "timeoutSeconds", "maxRetries", "retryBaseDelayMs", "headers", "batch", "proxy"];

    /// <summary>The kind-specific settings <see cref="ProviderConfig"/> has a place for.</summary>
    private const string ApiVersionKey = "apiVersion";

    public IReadOnlyList<string> Keys => ["providers"];

    public IReadOnlyList<string> ReadsAfter => [];

    public GatewayConfig Read(ConfigReadContext context)
        => context.Root.TryGetProperty("providers", out _)
            ? context.Config with { Providers = ReadProviders(context.Root, context.Reader, context.ProviderKinds) }
            : context.Config;

    /// <summary>"openai" → OPENAI_API_KEY, "my-vllm" → MY_VLLM_API_KEY.</summary>
    public static string DefaultKeyVariable(string providerName)
    {
        var chars = providerName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return new string(chars) + "_API_KEY";
    }

    private static Dictionary<string, ProviderConfig> ReadProviders(JsonElement root, JsonConfigReader reader, IReadOnlyDictionary<string, IProviderKind> kinds)
    {
        string[] providerKeys = [.. CommonKeys, .. kinds.Values.SelectMany(k => k.KindSettings).Distinct(StringComparer.Ordinal)];
        var providers = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(root, "providers", "$"))
        {
            if (name.Contains('/', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(name))
            {
                reader.Report(path, "a provider name must be non-empty and must not contain '/' (clients call models as provider/model)");
            }

            if (!reader.ExpectObject(value, path, providerKeys))
            {
                continue;
            }

            var kind = ReadKind(value, path, reader, kinds);
            var baseUrl = reader.AbsoluteHttpUrl(value, "baseUrl", path, required: true);
            var timeout = reader.Integer(value, "timeoutSeconds", path, 1, 3600);
            var retries = reader.Integer(value, "maxRetries", path, 0, 10);
            var delay = reader.Integer(value, "retryBaseDelayMs", path, 0, 60_000);
            CheckKindSettings(value, path, reader, kind, kinds);
            var apiVersion = reader.String(value, ApiVersionKey, path);
            var batch = reader.Boolean(value, "batch", path);

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
                Kind = kind ?? ProviderConfig.DefaultKind,
                ApiKey = reader.Secret(value, "apiKey", path),
                ApiKeyEnv = reader.String(value, "apiKeyEnv", path) ?? DefaultKeyVariable(name),
                AzureApiVersion = apiVersion,
                Timeout = timeout is { } t ? TimeSpan.FromSeconds(t) : defaults.Timeout,
                MaxRetries = retries is { } r ? (int)r : defaults.MaxRetries,
                RetryBaseDelay = delay is { } d ? TimeSpan.FromMilliseconds(d) : defaults.RetryBaseDelay,
                Headers = headers,
                Batch = batch,
                Proxy = ReadProxy(value, path, reader),
            };
        }

        return providers;
    }

    /// <summary><c>"proxy"</c>: an http(s) URL, or false for a direct connection; absent (or true) = the environment's proxy.</summary>
    private static ProviderProxy? ReadProxy(JsonElement value, string path, JsonConfigReader reader)
    {
        if (!value.TryGetProperty("proxy", out var proxy) || proxy.ValueKind is JsonValueKind.True or JsonValueKind.Null)
        {
            return null;
        }

        if (proxy.ValueKind == JsonValueKind.False)
        {
            return ProviderProxy.Direct;
        }

        return reader.AbsoluteHttpUrl(value, "proxy", path, required: false) is { } address ? new ProviderProxy(address) : null;
    }

    /// <summary>The configured kind if it is registered (null after reporting it when not), the default kind when absent.</summary>
    private static string? ReadKind(JsonElement value, string path, JsonConfigReader reader, IReadOnlyDictionary<string, IProviderKind> kinds)
    {
        var kind = reader.String(value, "kind", path);
        if (kind is null || kinds.ContainsKey(kind))
        {
            return kind ?? ProviderConfig.DefaultKind;
        }

        reader.Report(JsonConfigReader.Child(path, "kind"), $"'{kind}' is not one of: {string.Join(", ", kinds.Keys)}");
        return null;
    }

    private static void CheckKindSettings(JsonElement value, string path, JsonConfigReader reader, string? kind, IReadOnlyDictionary<string, IProviderKind> kinds)
    {
        foreach (var property in value.EnumerateObject())
        {
            var owners = kinds.Values.Where(k => k.KindSettings.Contains(property.Name)).Select(k => k.Name).ToList();
            if (owners.Count > 0 && property.Value.ValueKind != JsonValueKind.Null && kind is not null && !owners.Contains(kind))
            {
                var what = property.Name == ApiVersionKey ? "Azure OpenAI " : string.Empty;
                reader.Report(JsonConfigReader.Child(path, property.Name), $"is only for {what}(kind {string.Join(" or ", owners.Select(o => $"\"{o}\""))})");
            }
        }
    }
}
