namespace Frugal.Protocol.Sse;

/// <summary>
/// One server-sent event: its <c>event:</c> name (null when absent) and its <c>data:</c>
/// payload as UTF-8 bytes (multi-line data joined with '\n', as the SSE spec says).
/// </summary>
public readonly record struct SseEvent(string? EventName, ReadOnlyMemory<byte> Data)
{
    private static ReadOnlySpan<byte> DoneMarker => "[DONE]"u8;

    /// <summary>OpenAI's end-of-stream marker <c>data: [DONE]</c>.</summary>
    public bool IsDone => Data.Span.SequenceEqual(DoneMarker);
}
