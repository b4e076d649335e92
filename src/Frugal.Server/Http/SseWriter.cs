using System.Buffers;
using System.IO.Pipelines;
using Frugal.Protocol.Sse;

namespace Frugal.Server.Http;

/// <summary>Writes OpenAI-style SSE frames and flushes each one, so chunks reach the client as they arrive.</summary>
public static class SseWriter
{
    public static ValueTask<FlushResult> WriteDataAsync(PipeWriter writer, ReadOnlySpan<byte> json, CancellationToken cancellationToken)
    {
        var size = SseFrames.DataPrefix.Length + json.Length + SseFrames.FrameEnd.Length;
        var span = writer.GetSpan(size);
        SseFrames.DataPrefix.CopyTo(span);
        json.CopyTo(span[SseFrames.DataPrefix.Length..]);
        SseFrames.FrameEnd.CopyTo(span[(SseFrames.DataPrefix.Length + json.Length)..]);
        writer.Advance(size);
        return writer.FlushAsync(cancellationToken);
    }

    /// <summary>An SSE comment line (<c>: text</c>), which every SSE client skips.</summary>
    public static ValueTask<FlushResult> WriteCommentAsync(PipeWriter writer, string text, CancellationToken cancellationToken)
    {
        writer.Write(": "u8);
        writer.Write(System.Text.Encoding.UTF8.GetBytes(text));
        writer.Write(SseFrames.FrameEnd);
        return writer.FlushAsync(cancellationToken);
    }

    public static ValueTask<FlushResult> WriteDoneAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        writer.Write(SseFrames.Done);
        return writer.FlushAsync(cancellationToken);
    }
}
