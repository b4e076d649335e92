using Frugal.Protocol.OpenAI;

namespace Frugal.Core.Pipeline;

/// <summary>
/// A non-streaming answer. <see cref="RawJson"/> holds the upstream bytes when the answer
/// passes through unchanged, so the client gets exactly what the provider sent; it is empty
/// when the answer was translated or changed and must be serialised from <see cref="Response"/>.
/// </summary>
public sealed class ChatCompletion(ChatCompletionResponse response, ReadOnlyMemory<byte> rawJson = default)
{
    public ChatCompletionResponse Response { get; } = response;

    public ReadOnlyMemory<byte> RawJson { get; } = rawJson;
}
