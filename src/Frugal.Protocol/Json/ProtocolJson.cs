using System.Text.Encodings.Web;
using System.Text.Json;

namespace Frugal.Protocol.Json;

/// <summary>The serializer context every component uses for OpenAI wire JSON; provider wire formats copy its options.</summary>
public static class ProtocolJson
{
    /// <summary>
    /// The deepest nesting a client request may have. Writers get <see cref="MaxWriteDepth"/>: a request
    /// that was read is always written again (ledger, cache key, upstream body), and a converter may wrap
    /// its parts a few levels deeper (Anthropic's content blocks), so the writer must allow more than the reader.
    /// </summary>
    public const int MaxRequestDepth = 64;

    /// <summary>The serializer's depth limit (reading upstream answers and writing anything).</summary>
    public const int MaxWriteDepth = 128;

    public static ProtocolJsonContext Context { get; } = new(WireOptions(ProtocolJsonContext.Default.Options));

    /// <summary>
    /// A generated context's options with the rules every wire context shares: relaxed escaping (UTF-8
    /// text, not \u escapes: these are JSON APIs, never HTML) and <see cref="MaxWriteDepth"/>.
    /// </summary>
    public static JsonSerializerOptions WireOptions(JsonSerializerOptions generated) => new(generated)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxWriteDepth,
    };
}
