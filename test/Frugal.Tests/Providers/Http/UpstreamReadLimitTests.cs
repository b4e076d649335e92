using System.Text;
using Frugal.Protocol.Sse;
using Frugal.Providers.Http;

namespace Frugal.Tests.Providers.Http;

/// <summary>Issue #12 finding 11: SSE lines and events, answer bodies and error bodies are read with a cap.</summary>
public sealed class UpstreamReadLimitTests
{
    [Fact]
    public async Task A_line_without_newline_stops_the_reader_at_the_cap_instead_of_buffering_it()
    {
        await using var endless = new EndlessStream("data: "u8.ToArray());

        await Assert.ThrowsAsync<SseLimitExceededException>(async () =>
        {
            await foreach (var _ in SseReader.ReadAsync(endless))
            {
            }
        });

        Assert.InRange(endless.BytesRead, SseReader.MaxEventBytes, SseReader.MaxEventBytes + (1024 * 1024));
    }

    [Fact]
    public async Task An_event_made_of_many_data_lines_is_capped_too()
    {
        var line = Encoding.UTF8.GetBytes("data: " + new string('a', 1000) + "\n");
        await using var endless = new EndlessStream(line, repeat: true);

        await Assert.ThrowsAsync<SseLimitExceededException>(async () =>
        {
            await foreach (var _ in SseReader.ReadAsync(endless))
            {
            }
        });

        Assert.InRange(endless.BytesRead, SseReader.MaxEventBytes, SseReader.MaxEventBytes + (1024 * 1024));
    }

    [Fact]
    public async Task Events_up_to_the_cap_still_pass()
    {
        var payload = new string('b', 64 * 1024);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($"data: {payload}\n\ndata: [DONE]\n\n"));

        var events = new List<SseEvent>();
        await foreach (var sse in SseReader.ReadAsync(stream))
        {
            events.Add(sse);
        }

        Assert.Equal(2, events.Count);
        Assert.Equal(payload.Length, events[0].Data.Length);
        Assert.True(events[1].IsDone);
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused_whole_and_one_at_the_cap_is_read()
    {
        using var over = new StreamContent(new EndlessStream([(byte)'x'], repeat: true));
        using var exact = new ByteArrayContent(new byte[1000]);
        using var declared = new ByteArrayContent(new byte[10]);
        declared.Headers.ContentLength = 10;

        Assert.Null(await HttpBodies.ReadWholeAsync(over, 4096, CancellationToken.None));
        Assert.Equal(1000, (await HttpBodies.ReadWholeAsync(exact, 1000, CancellationToken.None))!.Length);
        Assert.Null(await HttpBodies.ReadWholeAsync(declared, 9, CancellationToken.None));
    }

    [Fact]
    public async Task An_error_body_is_read_as_a_prefix()
    {
        var stream = new EndlessStream([(byte)'e'], repeat: true);
        using var content = new StreamContent(stream);

        var prefix = await HttpBodies.ReadPrefixAsync(content, HttpBodies.MaxErrorBodyBytes, CancellationToken.None);

        Assert.Equal(HttpBodies.MaxErrorBodyBytes, prefix.Length);
        Assert.True(stream.BytesRead <= HttpBodies.MaxErrorBodyBytes + 1);
    }

    /// <summary>A read-only stream that sends <c>head</c> and then 'a' forever (or <c>head</c> again and again), counting what was read.</summary>
    private sealed class EndlessStream(byte[] head, bool repeat = false) : Stream
    {
        private long _position;

        public long BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var at = _position + i;
                buffer[offset + i] = repeat ? head[at % head.Length] : at < head.Length ? head[at] : (byte)'a';
            }

            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
