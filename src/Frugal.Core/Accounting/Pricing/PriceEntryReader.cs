using System.Globalization;
using System.Text.Json;
using Frugal.Core.Configuration;

namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// The one parser of a price entry's token prices (<c>input</c>, <c>cachedInput</c>, <c>cacheWrite5m</c>,
/// <c>cacheWrite1h</c>, <c>output</c>, <c>reasoning</c>, and where allowed <c>batchDiscount</c>), used by the catalog
/// file's models and tiers and by the config's <c>prices.models</c>, so a mistake gets the same message at the same
/// path in either place. Read as decimals only: a price never passes through a double.
/// </summary>
public static class PriceEntryReader
{
    /// <summary>An upper bound that catches unit mistakes (a price per token entered per million) without limiting real prices.</summary>
    public const decimal MaxPrice = 100_000m;

    public static readonly IReadOnlyList<string> TokenPriceKeys = ["input", "cachedInput", "cacheWrite5m", "cacheWrite1h", "output", "reasoning"];

    /// <summary>
    /// Reads the token prices of the object at <paramref name="path"/>; null (with every problem reported) when one is
    /// missing or invalid. <paramref name="withBatchDiscount"/>: the entry may carry <c>batchDiscount</c> (tiers do not).
    /// </summary>
    public static PriceFields? Read(JsonElement entry, string path, JsonConfigReader reader, bool withBatchDiscount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var before = reader.Problems.Count;
        var input = Required(entry, "input", path, reader);
        var output = Required(entry, "output", path, reader);
        var cachedInput = reader.Decimal(entry, "cachedInput", path, 0m, MaxPrice);
        var write5m = reader.Decimal(entry, "cacheWrite5m", path, 0m, MaxPrice);
        var write1h = reader.Decimal(entry, "cacheWrite1h", path, 0m, MaxPrice);
        var reasoning = reader.Decimal(entry, "reasoning", path, 0m, MaxPrice);
        var batchDiscount = withBatchDiscount ? reader.Decimal(entry, "batchDiscount", path, 0m, 1m) : null;
        if (cachedInput is { } cached && input is { } plain && cached > plain)
        {
            reader.Report(JsonConfigReader.Child(path, "cachedInput"), $"a cache read ({Format(cached)}) cannot cost more than plain input ({Format(plain)})");
        }

        if (reader.Problems.Count > before || input is null || output is null)
        {
            return null;
        }

        // Absent cachedInput means the provider publishes no cache-read discount: such tokens cost plain input.
        return new PriceFields(input.Value, cachedInput ?? input.Value, write5m, write1h, output.Value, reasoning, batchDiscount ?? 0m);
    }

    private static decimal? Required(JsonElement entry, string key, string path, JsonConfigReader reader)
    {
        if (!entry.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            reader.Report(JsonConfigReader.Child(path, key), "is required");
            return null;
        }

        return reader.Decimal(entry, key, path, 0m, MaxPrice);
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
