using Frugal.Core.Caching.Semantic;
using Microsoft.Extensions.Hosting;

namespace Frugal.Server;

/// <summary>
/// Replays the semantic log into the index in the background while the gateway starts serving, so
/// neither start-up nor the first request waits for a large log (an HNSW build at 100,000 entries
/// takes a while). Until the replay is done, semantic lookups are misses; a backend that is down is
/// logged by the cache and the replay is retried at the next lookup.
/// </summary>
public sealed class SemanticCacheWarmup(SemanticCache cache) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _replay = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _replay = Task.Run(async () => await cache.SyncAsync(force: true, _stopping.Token).ConfigureAwait(false), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _replay.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping mid-replay is fine: nothing is written by a replay
        }
    }

    public void Dispose() => _stopping.Dispose();
}
