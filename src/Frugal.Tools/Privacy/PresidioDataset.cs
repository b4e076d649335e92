using System.Text.Json;

namespace Frugal.Tools.Privacy;

/// <summary>
/// Reads Presidio's synthetic evaluation set (<c>synth_dataset_v2*.json</c>: a list of
/// <c>{full_text, spans: [{entity_type, start_position, end_position}], template_id}</c>).
/// </summary>
public static class PresidioDataset
{
    public static IReadOnlyList<PiiSample> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var samples = new List<PiiSample>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var spans = new List<PiiSpan>();
            foreach (var span in item.GetProperty("spans").EnumerateArray())
            {
                spans.Add(new PiiSpan(span.GetProperty("entity_type").GetString()!, span.GetProperty("start_position").GetInt32(), span.GetProperty("end_position").GetInt32()));
            }

            var template = item.TryGetProperty("template_id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : samples.Count;
            samples.Add(new PiiSample(item.GetProperty("full_text").GetString()!, spans, template));
        }

        return samples;
    }

    /// <summary>
    /// The deterministic split: even template ids are the tuning ("dev") half, odd ids the held-out half. By template,
    /// so a sentence shape seen while tuning never appears in the held-out figures.
    /// </summary>
    public static bool IsDev(PiiSample sample) => sample.TemplateId % 2 == 0;
}
