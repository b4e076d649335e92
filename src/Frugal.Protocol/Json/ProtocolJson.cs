using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Protocol.Json;

/// <summary>The one serializer context every component uses for wire JSON.</summary>
public static class ProtocolJson
{
    public static ProtocolJsonContext Context { get; } = new(new JsonSerializerOptions(ProtocolJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
