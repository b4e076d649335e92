using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Core.Caching.Semantic.Embedding;

/// <summary>
/// The default threshold of each embedder, as data: calibrated-thresholds.json (embedded in
/// Frugal.Core) is written by <c>frugal cache eval --dev-every N --write-default FILE</c>, which chooses
/// each threshold on a dev split of labelled data and records how. The semantic cache uses the
/// embedder's entry when config sets no <c>cache.semantic.threshold</c>; an embedder without one
/// (http: the model is the operator's) gets <see cref="SemanticCacheConfig.DefaultThreshold"/>.
/// </summary>
public static class CalibratedThresholds
{
    public const string ResourceName = "Frugal.calibrated-thresholds.json";

    private static readonly Lazy<IReadOnlyDictionary<string, CalibratedThreshold>> Embedded = new(() =>
    {
        using var stream = typeof(CalibratedThresholds).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Frugal.Core.");
        return Parse(stream);
    });

    /// <summary>Every shipped entry, by embedder config name.</summary>
    public static IReadOnlyDictionary<string, CalibratedThreshold> All => Embedded.Value;

    /// <summary>The shipped calibration of <paramref name="embedderKind"/>, or null.</summary>
    public static CalibratedThreshold? For(string embedderKind) => All.GetValueOrDefault(embedderKind);

    /// <summary>The threshold the cache uses for <paramref name="embedderKind"/> when config sets none.</summary>
    public static float DefaultFor(string embedderKind) => For(embedderKind)?.Threshold ?? SemanticCacheConfig.DefaultThreshold;

    /// <summary>Reads {"thresholds": [entry, …]} (other top-level fields are notes for people).</summary>
    public static Dictionary<string, CalibratedThreshold> Parse(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, CalibratedThreshold>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("thresholds").EnumerateArray())
        {
            var threshold = new CalibratedThreshold(
                entry.GetProperty("embedder").GetString()!,
                entry.GetProperty("vectors").GetString()!,
                entry.GetProperty("threshold").GetSingle(),
                entry.GetProperty("targetPrecision").GetDouble(),
                entry.GetProperty("devPrecision").GetDouble(),
                entry.GetProperty("devHitRate").GetDouble(),
                entry.GetProperty("dataSet").GetString()!,
                entry.GetProperty("split").GetString()!,
                entry.GetProperty("command").GetString()!,
                entry.GetProperty("date").GetString()!);
            result[threshold.Embedder] = threshold;
        }

        return result;
    }

    /// <summary>Writes the file <see cref="Parse"/> reads, entries in a stable order.</summary>
    public static void Write(Stream destination, string about, IEnumerable<CalibratedThreshold> thresholds)
    {
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("about", about);
        writer.WriteStartArray("thresholds");
        foreach (var t in thresholds.OrderBy(t => t.Embedder, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("embedder", t.Embedder);
            writer.WriteString("vectors", t.Vectors);
            writer.WriteNumber("threshold", Math.Round((decimal)t.Threshold, 2));
            writer.WriteNumber("targetPrecision", t.TargetPrecision);
            writer.WriteNumber("devPrecision", Math.Round(t.DevPrecision, 4));
            writer.WriteNumber("devHitRate", Math.Round(t.DevHitRate, 4));
            writer.WriteString("dataSet", t.DataSet);
            writer.WriteString("split", t.Split);
            writer.WriteString("command", t.Command);
            writer.WriteString("date", t.Date);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
