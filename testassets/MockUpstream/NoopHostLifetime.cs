using Microsoft.Extensions.Hosting;

namespace Frugal.MockUpstream;

/// <summary>
/// Replaces the console lifetime: an in-process mock must not hook Ctrl+C/SIGTERM of the test process
/// or print startup banners. The standalone Program handles signals itself.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
