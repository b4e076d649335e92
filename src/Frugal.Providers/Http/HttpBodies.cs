using System.Buffers;

namespace Frugal.Providers.Http;

/// <summary>Reads response bodies into exact-size arrays with a size cap, so a misbehaving upstream cannot exhaust memory.</summary>
public static class HttpBodies
{
    public const int MaxErrorBodyBytes = 64 * 1024;
    public const int MaxResponseBodyBytes = 64 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = content.Headers.ContentLength;
        if (length is { } known && known <= maxBytes)
        {
            var exact = new byte[known];
            await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (buffer.WrittenCount < maxBytes)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
        }

        var size = Math.Min(buffer.WrittenCount, maxBytes);
        return buffer.WrittenSpan[..size].ToArray();
    }
}
