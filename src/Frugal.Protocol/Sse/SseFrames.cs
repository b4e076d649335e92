namespace Frugal.Protocol.Sse;

/// <summary>The exact bytes OpenAI-style SSE frames are made of: <c>data: {json}\n\n</c> and <c>data: [DONE]\n\n</c>.</summary>
public static class SseFrames
{
    public static ReadOnlySpan<byte> DataPrefix => "data: "u8;
    public static ReadOnlySpan<byte> FrameEnd => "\n\n"u8;
    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;
}
