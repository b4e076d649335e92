using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace Frugal.Protocol.Sse;

/// <summary>
/// Reads server-sent events from a byte stream as they arrive (no buffering beyond one event).
/// Handles LF and CRLF line endings, comments, multi-line data and a final event without a
/// trailing blank line. A line, or an event's data, longer than <see cref="MaxEventBytes"/>
/// throws <see cref="SseLimitExceededException"/>: memory stays bounded whatever the sender does.
/// </summary>
public static class SseReader
{
    /// <summary>The largest line, and the largest event data, read (8 MiB; a real chunk is a few hundred bytes).</summary>
    public const int MaxEventBytes = 8 * 1024 * 1024;

    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        var data = new ArrayBufferWriter<byte>(1024);
        string? eventName = null;
        var hasData = false;

        // Bytes at the start of the unread buffer already searched for a newline: a long line is
        // scanned once as it arrives, not again from its start after every read.
        long searched = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, ref searched, out var line))
                {
                    if (line.IsEmpty)
                    {
                        if (hasData)
                        {
                            yield return new SseEvent(eventName, data.WrittenSpan.ToArray());
                        }

                        data.Clear();
                        eventName = null;
                        hasData = false;
                        continue;
                    }

                    ApplyField(line, data, ref eventName, ref hasData);
                    if (data.WrittenCount > MaxEventBytes)
                    {
                        throw new SseLimitExceededException($"A server-sent event exceeded {MaxEventBytes} bytes.");
                    }
                }

                // What is left is an unfinished line: without this check a sender that never writes a
                // newline would make the pipe buffer everything it sends.
                if (buffer.Length > MaxEventBytes)
                {
                    throw new SseLimitExceededException($"A server-sent event line exceeded {MaxEventBytes} bytes.");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        ApplyField(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray(), data, ref eventName, ref hasData);
                    }

                    if (hasData)
                    {
                        yield return new SseEvent(eventName, data.WrittenSpan.ToArray());
                    }

                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, ref long searched, out ReadOnlySpan<byte> line)
    {
        var position = buffer.Slice(searched).PositionOf((byte)'\n');
        if (position is null)
        {
            searched = buffer.Length;
            line = default;
            return false;
        }

        searched = 0;
        var slice = buffer.Slice(0, position.Value);
        var span = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
        if (!span.IsEmpty && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        line = span;
        buffer = buffer.Slice(buffer.GetPosition(1, position.Value));
        return true;
    }

    private static void ApplyField(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> data, ref string? eventName, ref bool hasData)
    {
        if (line[0] == (byte)':')
        {
            return; // comment / keep-alive
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? ReadOnlySpan<byte>.Empty : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (hasData)
            {
                data.Write("\n"u8);
            }

            data.Write(value);
            hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            eventName = Encoding.UTF8.GetString(value);
        }
    }
}
