using System.Globalization;
using System.Text.Json;
using Frugal.Core.Configuration;

namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// The versioned price file (<c>prices/catalog.json</c>, built into Frugal.Core). Prices are read
/// with <see cref="JsonElement.TryGetDecimal"/> only: a price never passes through a double, so
/// 0.075 stays exactly 0.075. Every problem is reported with its JSON path, all of them in one go.
/// </summary>
public sealed class PriceCatalog
{
    public const string EmbeddedResourceName = "Frugal.prices.catalog.json";

    public const string Unit = "USD per 1M tokens";

    private static readonly string[] RootKeys = ["version", "currency", "unit", "notes", "models"];
    private static readonly string[] EntryKeys = ["model", "provider", "aliases", "effectiveFrom", "source", "input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "output", "reasoning", "batchDiscount", "tiers", "mode", "notes", "promptCache"];
    private static readonly string[] TierKeys = ["aboveInputTokens", "input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "output", "reasoning"];
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly Lazy<PriceCatalog> EmbeddedCatalog = new(LoadEmbedded);

    private PriceCatalog(string version, string currency, IReadOnlyList<ModelPrice> entries)
    {
        Version = version;
        Currency = currency;
        Entries = entries;
    }

    /// <summary>The catalog's date, e.g. "2026-11-23": which price list a cost was computed with.</summary>
    public string Version { get; }

    public string Currency { get; }

    /// <summary>Every entry, price history included, in file order.</summary>
    public IReadOnlyList<ModelPrice> Entries { get; }

    /// <summary>The catalog shipped inside the binary, so a gateway always has prices. It is tested to parse cleanly.</summary>
    public static PriceCatalog Embedded => EmbeddedCatalog.Value;

    /// <summary>
    /// Parses a catalog. With problems, the catalog holds only the entries that were valid; callers
    /// that bill from it must refuse it (see <see cref="PriceBook.Create"/>).
    /// </summary>
    public static PriceCatalog Parse(string json, out IReadOnlyList<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
            problems = [new ConfigProblem("$", $"not valid JSON{where}")];
            return new PriceCatalog("", "USD", []);
        }

        using (document)
        {
            var reader = new JsonConfigReader();
            var catalog = Read(document.RootElement, reader);
            problems = reader.Problems;
            return catalog;
        }
    }

    /// <summary>Reads and parses a catalog file; a missing or unreadable file is a problem at "$", not an exception.</summary>
    public static PriceCatalog Load(string path, out IReadOnlyList<ConfigProblem> problems)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems = [new ConfigProblem("$", $"cannot read price catalog '{path}': {ex.Message}")];
            return new PriceCatalog("", "USD", []);
        }

        return Parse(json, out problems);
    }

    /// <summary>The text of the built-in catalog, for tools that show or export it.</summary>
    public static string ReadEmbeddedJson()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The price catalog resource '{EmbeddedResourceName}' is missing from {typeof(PriceCatalog).Assembly.GetName().Name}.");
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }

    private static PriceCatalog LoadEmbedded()
    {
        var catalog = Parse(ReadEmbeddedJson(), out var problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The built-in price catalog is invalid: " + string.Join("; ", problems));
        }

        return catalog;
    }

    private static PriceCatalog Read(JsonElement root, JsonConfigReader reader)
    {
        if (!reader.ExpectObject(root, "$", RootKeys))
        {
            return new PriceCatalog("", "USD", []);
        }

        var version = reader.String(root, "version", "$", required: true);
        if (version is not null && !IsIsoDate(version))
        {
            reader.Report("$.version", $"'{version}' is not a date in the form YYYY-MM-DD");
        }

        var currency = reader.String(root, "currency", "$", required: true);
        if (currency is not null && currency != "USD")
        {
            reader.Report("$.currency", $"'{currency}' is not supported: the ledger records US dollars, so prices must be in USD");
        }

        var unit = reader.String(root, "unit", "$");
        if (unit is not null && unit != Unit)
        {
            reader.Report("$.unit", $"must be \"{Unit}\": every price in the file is read as dollars per million tokens");
        }

        reader.String(root, "notes", "$");

        var entries = new List<(ModelPrice Price, string Path)>();
        if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            reader.Report("$.models", "is required and must be an array of model prices");
        }
        else
        {
            var index = 0;
            foreach (var element in models.EnumerateArray())
            {
                var path = $"$.models[{index++}]";
                if (ReadEntry(element, path, reader) is { } price)
                {
                    entries.Add((price, path));
                }
            }
        }

        CheckConsistency(entries, reader);
        return new PriceCatalog(version ?? "", currency ?? "USD", entries.ConvertAll(e => e.Price));
    }

    private static ModelPrice? ReadEntry(JsonElement entry, string path, JsonConfigReader reader)
    {
        if (!reader.ExpectObject(entry, path, EntryKeys))
        {
            return null;
        }

        var before = reader.Problems.Count;
        var model = reader.String(entry, "model", path, required: true);
        var provider = reader.String(entry, "provider", path, required: true);
        var source = reader.AbsoluteHttpUrl(entry, "source", path, required: true);
        var effectiveFrom = ReadDate(entry, "effectiveFrom", path, reader);
        var prices = PriceEntryReader.Read(entry, path, reader, withBatchDiscount: true);
        var aliases = ReadAliases(entry, path, reader);
        var tiers = ReadTiers(entry, path, reader);
        var mode = entry.TryGetProperty("mode", out _) ? reader.Enum(entry, "mode", path, ModelModes.ByName) : ModelMode.Chat;
        reader.String(entry, "notes", path);

        if (reader.Problems.Count > before || model is null || provider is null || source is null || effectiveFrom is null || prices is not { } p || mode is null)
        {
            return null;
        }

        return p.ToModelPrice(model) with
        {
            Provider = provider,
            Aliases = aliases,
            EffectiveFrom = effectiveFrom.Value,
            Source = source.OriginalString,
            Tiers = tiers,
            Mode = mode.Value,
        };
    }

    private static List<string> ReadAliases(JsonElement entry, string path, JsonConfigReader reader)
    {
        var aliases = new List<string>();
        foreach (var (alias, aliasPath) in reader.Items(entry, "aliases", path, "model names"))
        {
            if (alias.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(alias.GetString()))
            {
                aliases.Add(alias.GetString()!);
            }
            else
            {
                reader.Report(aliasPath, "an alias must be a non-empty string");
            }
        }

        return aliases;
    }

    private static List<PriceTier> ReadTiers(JsonElement entry, string path, JsonConfigReader reader)
    {
        var tiers = new List<PriceTier>();
        foreach (var (element, tierPath) in reader.Items(entry, "tiers", path, "long-context tiers"))
        {
            if (!reader.ExpectObject(element, tierPath, TierKeys))
            {
                continue;
            }

            var before = reader.Problems.Count;
            var above = reader.Integer(element, "aboveInputTokens", tierPath, 1, long.MaxValue);
            if (above is null && !Has(element, "aboveInputTokens"))
            {
                reader.Report(JsonConfigReader.Child(tierPath, "aboveInputTokens"), "is required");
            }

            var prices = PriceEntryReader.Read(element, tierPath, reader, withBatchDiscount: false);
            if (above is { } threshold && tiers.Count > 0 && threshold <= tiers[^1].AboveInputTokens)
            {
                reader.Report(JsonConfigReader.Child(tierPath, "aboveInputTokens"), $"tiers must be in ascending order of aboveInputTokens ({threshold} follows {tiers[^1].AboveInputTokens})");
            }

            if (reader.Problems.Count > before || above is null || prices is not { } p)
            {
                continue;
            }

            tiers.Add(new PriceTier
            {
                AboveInputTokens = above.Value,
                InputPerMillion = p.Input,
                CachedInputPerMillion = p.CachedInput,
                CacheWrite5mPerMillion = p.CacheWrite5m,
                CacheWrite1hPerMillion = p.CacheWrite1h,
                OutputPerMillion = p.Output,
                ReasoningPerMillion = p.Reasoning,
            });
        }

        return tiers;
    }

    /// <summary>
    /// Rules across entries that make a lookup unambiguous: one price per model per date, one
    /// provider per model, and an alias that names exactly one model and is not itself a model id.
    /// </summary>
    private static void CheckConsistency(List<(ModelPrice Price, string Path)> entries, JsonConfigReader reader)
    {
        var firstByModelAndDate = new Dictionary<(string, DateOnly), string>();
        var providerByModel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var modelIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (price, _) in entries)
        {
            modelIds.Add(price.Model);
        }

        var modelByAlias = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (price, path) in entries)
        {
            var key = (price.Model.ToUpperInvariant(), price.EffectiveFrom);
            if (!firstByModelAndDate.TryAdd(key, path))
            {
                reader.Report(JsonConfigReader.Child(path, "effectiveFrom"), $"'{price.Model}' already has a price from {Format(price.EffectiveFrom)} at {firstByModelAndDate[key]}");
            }

            if (providerByModel.TryGetValue(price.Model, out var provider) && !string.Equals(provider, price.Provider, StringComparison.OrdinalIgnoreCase))
            {
                reader.Report(JsonConfigReader.Child(path, "provider"), $"'{price.Model}' is listed under provider '{provider}' elsewhere");
            }
            else
            {
                providerByModel.TryAdd(price.Model, price.Provider);
            }

            foreach (var alias in price.Aliases)
            {
                if (modelIds.Contains(alias))
                {
                    reader.Report(JsonConfigReader.Child(path, "aliases"), $"'{alias}' is a model id of its own, so it cannot also be an alias of '{price.Model}'");
                }
                else if (modelByAlias.TryGetValue(alias, out var owner) && !string.Equals(owner, price.Model, StringComparison.OrdinalIgnoreCase))
                {
                    reader.Report(JsonConfigReader.Child(path, "aliases"), $"'{alias}' is already an alias of '{owner}'");
                }
                else
                {
                    modelByAlias.TryAdd(alias, price.Model);
                }
            }
        }
    }

    private static DateOnly? ReadDate(JsonElement obj, string key, string path, JsonConfigReader reader)
    {
        var text = reader.String(obj, key, path, required: true);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        reader.Report(JsonConfigReader.Child(path, key), $"'{text}' is not a date in the form YYYY-MM-DD");
        return null;
    }

    private static bool Has(JsonElement obj, string key) => obj.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    private static bool IsIsoDate(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
