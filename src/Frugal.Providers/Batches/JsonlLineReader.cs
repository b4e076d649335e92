using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Frugal.Providers.Batches;

/// <summary>
/// Reads a JSONL download line by line without holding the file: a batch's result file may be 200 MB,
/// and only one line (at most <see cref="MaxLineBytes"/>) is in memory at a time. Empty lines are skipped;
/// a trailing line without its newline is still a line.
/// </summary>
public static class JsonlLineReader
{
    /// <summary>The longest line read (64 MiB, the largest answer body any adapter reads); longer is <see cref="InvalidDataException"/>.</summary>
    public const int MaxLineBytes = Http.HttpBodies.MaxResponseBodyBytes;

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (!IsBlank(line))
                    {
                        yield return line.ToArray();
                    }
                }

                if (buffer.Length > MaxLineBytes)
                {
                    throw new InvalidDataException($"a line of the result file is longer than {MaxLineBytes} bytes");
                }

                if (result.IsCompleted)
                {
                    if (!IsBlank(buffer))
                    {
                        yield return buffer.ToArray();
                    }

                    yield break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is not { } position)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, position);
        buffer = buffer.Slice(buffer.GetPosition(1, position));
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
