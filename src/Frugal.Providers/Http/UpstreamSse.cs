using System.Runtime.CompilerServices;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Sse;

namespace Frugal.Providers.Http;

/// <summary>
/// An upstream's event stream, read with <see cref="SseReader"/>'s size cap: a line or event over
/// the cap ends the stream with <c>upstream_response_too_large</c> (a 502 before the first chunk,
/// the in-band error frame after it) instead of growing the gateway's memory.
/// </summary>
public static class UpstreamSse
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, string provider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = SseReader.ReadAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (SseLimitExceededException)
                {
                    throw new GatewayStreamException(UpstreamErrors.ResponseTooLarge(provider, "a line or event of its stream", SseReader.MaxEventBytes));
                }

                if (!more)
                {
                    yield break;
                }

                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }
}
