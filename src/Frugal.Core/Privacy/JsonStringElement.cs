using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Core.Privacy;

/// <summary>A JSON string element for a masked or restored text (relaxed escaping, as the wire options write).</summary>
internal static class JsonStringElement
{
    public static JsonElement Of(string value)
    {
        var encoded = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        using var document = JsonDocument.Parse("\"" + encoded.Value + "\"");
        return document.RootElement.Clone();
    }
}
