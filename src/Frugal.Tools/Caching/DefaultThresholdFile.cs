using Frugal.Core.Caching.Semantic.Embedding;

namespace Frugal.Tools.Caching;

/// <summary>Adds or replaces one embedder's entry in a calibrated-thresholds.json file (the one Frugal.Core embeds).</summary>
public static class DefaultThresholdFile
{
    public const string About =
        "Default semantic-cache threshold per embedder: the lowest threshold whose hits reach targetPrecision on a dev split of " +
        "labelled data (never the test queries reported in README), verifier on. Written by `frugal cache eval --dev-every N " +
        "--write-default FILE`; the command of each entry reproduces it. Used when cache.semantic.threshold is not set.";

    public static void Upsert(string path, CalibratedThreshold entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = new Dictionary<string, CalibratedThreshold>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var existing = File.OpenRead(path);
            foreach (var (kind, threshold) in CalibratedThresholds.Parse(existing))
            {
                entries[kind] = threshold;
            }
        }

        entries[entry.Embedder] = entry;
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            CalibratedThresholds.Write(stream, About, entries.Values);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
