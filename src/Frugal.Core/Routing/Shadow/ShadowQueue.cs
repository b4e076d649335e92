using System.Threading.Channels;
using Frugal.Core.Configuration;

namespace Frugal.Core.Routing.Shadow;

/// <summary>
/// Sampled requests waiting to be labelled. Bounded and never blocking: at most
/// <c>routing.shadow.queueCapacity</c> jobs (default 1,000; each holds one request body, itself capped by
/// <c>limits.maxRequestBodyBytes</c>); when the labeller falls behind, new samples are dropped (counted) rather than
/// slowing a client's request.
/// </summary>
public sealed class ShadowQueue(GatewayConfig config)
{
    private readonly Channel<ShadowJob> _channel = Channel.CreateBounded<ShadowJob>(new BoundedChannelOptions(config.Routing.ShadowQueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue refuses the sample
    });

    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<ShadowJob> Reader => _channel.Reader;

    public void Enqueue(ShadowJob job)
    {
        if (!_channel.Writer.TryWrite(job))
        {
            Interlocked.Increment(ref _dropped);
        }
    }
}
