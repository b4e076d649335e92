using System.Text.Json;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>
/// One streamed chunk: its parsed form for stages, and the exact JSON bytes to write as the
/// SSE frame's data (the upstream's own bytes when the chunk passes through unchanged).
/// </summary>
public sealed class ChatChunk
{
    private ChatChunk(ChatCompletionChunk parsed, ReadOnlyMemory<byte> json)
    {
        Parsed = parsed;
        Json = json;
    }

    public ChatCompletionChunk Parsed { get; }

    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>A chunk with no choices and a usage block: OpenAI's final usage-only chunk.</summary>
    public bool IsUsageOnly => Parsed.Choices.Count == 0 && Parsed.Usage is not null;

    public static ChatChunk FromUpstream(ChatCompletionChunk parsed, ReadOnlyMemory<byte> json) => new(parsed, json);

    /// <summary>A chunk the gateway made or changed: serialised once, here.</summary>
    public static ChatChunk FromParsed(ChatCompletionChunk parsed)
        => new(parsed, JsonSerializer.SerializeToUtf8Bytes(parsed, ProtocolJson.Context.ChatCompletionChunk));
}
