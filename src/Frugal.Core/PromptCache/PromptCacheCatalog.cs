using System.Globalization;
using System.Text.Json;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.PromptCache;

/// <summary>
/// The <c>promptCache</c> objects of the price catalog by model id and alias (the newest entry of a model wins), read
/// once. A name with a date suffix the catalog does not list falls back to the name without it.
/// </summary>
public sealed class PromptCacheCatalog
{
    private static readonly Lazy<PromptCacheCatalog> EmbeddedCatalog = new(() => Parse(PriceCatalog.ReadEmbeddedJson()));

    private readonly Dictionary<string, PromptCacheSpec> _byName;

    private PromptCacheCatalog(Dictionary<string, PromptCacheSpec> byName) => _byName = byName;

    public static PromptCacheCatalog Embedded => EmbeddedCatalog.Value;

    public int Count => _byName.Count;

    public static PromptCacheCatalog Parse(string json)
    {
        var byName = new Dictionary<string, PromptCacheSpec>(StringComparer.OrdinalIgnoreCase);
        var effective = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            return new PromptCacheCatalog(byName);
        }

        foreach (var entry in models.EnumerateArray())
        {
            if (!entry.TryGetProperty("promptCache", out var cache) || cache.ValueKind != JsonValueKind.Object
                || Text(entry, "model") is not { } model)
            {
                continue;
            }

            var from = Text(entry, "effectiveFrom") ?? string.Empty;
            if (effective.TryGetValue(model, out var seen) && string.CompareOrdinal(seen, from) > 0)
            {
                continue; // an older price-history entry of a model already read
            }

            effective[model] = from;
            var spec = Read(entry, cache);
            byName[model] = spec;
            if (entry.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
            {
                foreach (var alias in aliases.EnumerateArray())
                {
                    if (alias.GetString() is { Length: > 0 } name)
                    {
                        byName[name] = spec;
                    }
                }
            }
        }

        return new PromptCacheCatalog(byName);
    }

    /// <summary>The spec of the attempt's model: the upstream id first, then the gateway's name, each also without a date suffix.</summary>
    public PromptCacheSpec? Find(string upstreamModel, string gatewayModel)
        => Lookup(upstreamModel) ?? Lookup(gatewayModel);

    private PromptCacheSpec? Lookup(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (_byName.TryGetValue(name, out var spec))
        {
            return spec;
        }

        var slash = name.LastIndexOf('/');
        if (slash >= 0 && _byName.TryGetValue(name[(slash + 1)..], out spec))
        {
            return spec; // "anthropic/claude-…" style names
        }

        var dash = name.LastIndexOf('-');
        return dash > 0 && name.Length - dash - 1 == 8 && long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && _byName.TryGetValue(name[..dash], out spec)
            ? spec
            : null;
    }

    private static PromptCacheSpec Read(JsonElement entry, JsonElement cache)
    {
        var input = Number(entry, "input");
        var cached = Number(entry, "cachedInput");
        var write5m = Number(entry, "cacheWrite5m");
        var write1h = Number(entry, "cacheWrite1h");
        var defaults = new PromptCacheSpec();
        return new PromptCacheSpec
        {
            MinTokens = cache.TryGetProperty("minTokens", out var min) && min.TryGetInt32(out var tokens) ? tokens : PromptCacheSpec.DefaultMinTokens,
            Breakpoints = Text(cache, "style") == "breakpoints",
            CacheKey = cache.TryGetProperty("cacheKey", out var key) && key.ValueKind == JsonValueKind.True,
            ExtendedRetention = Text(cache, "extendedRetention"),
            InputUsdPerMillion = input,
            ReadSaving = input is > 0 && cached is { } read ? 1 - (read / input.Value) : defaults.ReadSaving,
            Write5mPremium = input is > 0 && write5m is { } w5 ? (w5 / input.Value) - 1 : defaults.Write5mPremium,
            Write1hPremium = input is > 0 && write1h is { } w1 ? (w1 / input.Value) - 1 : defaults.Write1hPremium,
        };
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.TryGetDecimal(out var number) ? number : null;
}
