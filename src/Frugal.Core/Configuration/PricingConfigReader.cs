using System.Text.Json;
using Frugal.Core.Accounting.Pricing;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.PricingConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>
/// Reads the optional <c>prices</c> section: <c>{"missingPolicy", "catalogPath", "models"}</c>. A model
/// under <c>models</c> is priced one of three ways: per token (<c>input</c>, <c>output</c>, ...),
/// explicitly free (<c>{"free": true}</c>), or by GPU-hour (<c>gpuHourUsd</c>, <c>gpuCount</c>,
/// <c>tokensPerSecond</c>). A catalog file named by <c>catalogPath</c> is read here too, so a broken
/// price list is caught by <c>frugal config validate</c> and at start, not by the first request.
/// </summary>
public sealed class PricingConfigReader : ConfigSectionReader<PricingConfig>
{
    public override IReadOnlyList<string> Keys => ["prices"];

    public override PricingConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["missingPolicy", "catalogPath", "models"];
    private static readonly string[] PerTokenKeys = [.. PriceEntryReader.TokenPriceKeys, "batchDiscount"];
    private static readonly string[] GpuKeys = ["gpuHourUsd", "gpuCount", "tokensPerSecond"];
    private static readonly string[] ModelKeys = ["free", .. PerTokenKeys, .. GpuKeys];

    private static readonly Dictionary<string, MissingPricePolicy> Policies = new(StringComparer.Ordinal)
    {
        ["flag"] = MissingPricePolicy.Flag,
        ["reject"] = MissingPricePolicy.Reject,
    };

    public static PricingConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.prices";
        var defaults = new PricingConfig();
        if (!reader.TryGetSection(root, "prices", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var catalogPath = reader.String(section, "catalogPath", path);
        if (catalogPath is not null)
        {
            CheckCatalog(catalogPath, JsonConfigReader.Child(path, "catalogPath"), reader);
        }

        var overrides = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value, modelPath) in reader.Map(section, "models", path))
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                reader.Report(modelPath, "a model name must not be empty");
                continue;
            }

            if (overrides.ContainsKey(name))
            {
                reader.Report(modelPath, $"'{name}' is priced twice (model names are case-insensitive)");
                continue;
            }

            if (ReadModel(name, value, modelPath, reader) is { } price)
            {
                overrides[name] = price;
            }
        }

        return defaults with
        {
            MissingPolicy = reader.Enum(section, "missingPolicy", path, Policies) ?? defaults.MissingPolicy,
            CatalogPath = catalogPath,
            Overrides = overrides,
        };
    }

    private static ModelPrice? ReadModel(string name, JsonElement value, string path, JsonConfigReader reader)
    {
        if (!reader.ExpectObject(value, path, ModelKeys))
        {
            return null;
        }

        var free = reader.Boolean(value, "free", path);
        var perToken = PerTokenKeys.Any(k => Has(value, k));
        var byGpu = GpuKeys.Any(k => Has(value, k));
        if ((free == true ? 1 : 0) + (perToken ? 1 : 0) + (byGpu ? 1 : 0) > 1)
        {
            reader.Report(path, "price a model one way only: {\"free\": true}, per token (input, output, ...), or by GPU-hour (gpuHourUsd, gpuCount, tokensPerSecond)");
            return null;
        }

        if (free == true)
        {
            return ModelPrice.Free(name);
        }

        return byGpu ? ReadGpuHour(name, value, path, reader) : ReadPerToken(name, value, path, reader);
    }

    private static ModelPrice? ReadPerToken(string name, JsonElement value, string path, JsonConfigReader reader)
    {
        if (PriceEntryReader.Read(value, path, reader, withBatchDiscount: true) is not { } p)
        {
            return null;
        }

        return p.ToModelPrice(name) with { Provider = "config", Source = "frugal.json prices.models" };
    }

    private static ModelPrice? ReadGpuHour(string name, JsonElement value, string path, JsonConfigReader reader)
    {
        var before = reader.Problems.Count;
        var gpuHourUsd = Required(value, "gpuHourUsd", path, reader, () => reader.Decimal(value, "gpuHourUsd", path, 0m, PriceEntryReader.MaxPrice));
        var gpuCount = reader.Integer(value, "gpuCount", path, 1, 100_000) ?? 1;
        var tokensPerSecond = Required(value, "tokensPerSecond", path, reader, () => reader.Decimal(value, "tokensPerSecond", path, 0m, 100_000_000m));
        if (tokensPerSecond == 0m)
        {
            reader.Report(JsonConfigReader.Child(path, "tokensPerSecond"), "must be greater than 0");
        }

        if (reader.Problems.Count > before || gpuHourUsd is null || tokensPerSecond is not > 0m)
        {
            return null;
        }

        return ModelPrice.FromGpuHour(name, gpuHourUsd.Value, (int)gpuCount, tokensPerSecond.Value) with { Source = "frugal.json prices.models (GPU-hour)" };
    }

    /// <summary>Validates the catalog file now; its problems are reported under <c>$.prices.catalogPath</c> with the path inside the file.</summary>
    private static void CheckCatalog(string catalogPath, string path, JsonConfigReader reader)
    {
        if (!File.Exists(catalogPath))
        {
            reader.Report(path, $"price catalog '{catalogPath}' does not exist (a relative path is read from the working directory)");
            return;
        }

        PriceCatalog.Load(catalogPath, out var problems);
        foreach (var problem in problems)
        {
            reader.Report(path, $"in '{catalogPath}' at {problem.Path}: {problem.Message}");
        }
    }

    private static decimal? Required(JsonElement obj, string key, string path, JsonConfigReader reader, Func<decimal?> read)
    {
        if (!Has(obj, key))
        {
            reader.Report(JsonConfigReader.Child(path, key), "is required");
            return null;
        }

        return read();
    }

    private static bool Has(JsonElement obj, string key) => obj.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;
}
