using System.Buffers;

namespace Frugal.Providers.Http;

/// <summary>
/// Reads response bodies into exact-size arrays with a size cap, so a misbehaving upstream cannot
/// exhaust memory. Error bodies are read as a prefix (the message is at the start, and what is
/// passed on is capped far lower anyway); an answer body over its cap is refused whole, because a
/// truncated answer would only fail later as "malformed".
/// </summary>
public static class HttpBodies
{
    /// <summary>The prefix of an error body that is read (64 KiB); the rest is never received.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>The largest non-streamed answer read (64 MiB); larger is <c>upstream_response_too_large</c>.</summary>
    public const int MaxResponseBodyBytes = 64 * 1024 * 1024;

    private const int ReadSize = 16 * 1024;

    /// <summary>At most the first <paramref name="maxBytes"/> bytes of the body.</summary>
    public static async Task<byte[]> ReadPrefixAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
        => (await ReadCoreAsync(content, maxBytes, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/> (declared or as it arrives).</summary>
    public static async Task<byte[]?> ReadWholeAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null; // refused before a byte of it is read
        }

        var (body, complete) = await ReadCoreAsync(content, maxBytes, cancellationToken).ConfigureAwait(false);
        return complete ? body : null;
    }

    private static async Task<(byte[] Body, bool Complete)> ReadCoreAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = content.Headers.ContentLength;
        if (length is { } known && known <= maxBytes)
        {
            var exact = new byte[known];
            await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return (exact, true);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (buffer.WrittenCount < maxBytes)
        {
            // Never ask for more than the cap leaves, so the buffer never grows past it.
            var want = Math.Min(ReadSize, maxBytes - buffer.WrittenCount);
            var read = await stream.ReadAsync(buffer.GetMemory(want)[..want], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.WrittenSpan.ToArray(), true);
            }

            buffer.Advance(read);
        }

        // Exactly at the cap: one more byte tells a body of exactly maxBytes from a longer one.
        var probe = new byte[1];
        var more = await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false);
        return (buffer.WrittenSpan.ToArray(), more == 0);
    }
}
