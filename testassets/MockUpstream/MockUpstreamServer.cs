using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Frugal.MockUpstream;

/// <summary>
/// A deterministic fake OpenAI/Anthropic upstream on a real Kestrel socket. Start one per test (port 0
/// picks a free port) or run it standalone via Program.
/// </summary>
public sealed class MockUpstreamServer : IAsyncDisposable
{
    // Graceful stop would otherwise wait out in-flight 30 s timeout faults.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly RequestRecorder _recorder = new();
    private readonly FaultGate _faults;
    private readonly PromptCacheSimulator _promptCache;
    private readonly RequestDispatcher _dispatcher;

    private MockUpstreamServer(WebApplication app, MockUpstreamOptions options)
    {
        _app = app;
        Options = options;
        _faults = new FaultGate(Stats);
        var dispatcher = new RequestDispatcher(options, Stats, _recorder, _faults, Reset);
        _promptCache = dispatcher.PromptCache;
        _dispatcher = dispatcher;
        app.Run(dispatcher.HandleAsync);
    }

    /// <summary>Scheme, host and actual bound port, e.g. <c>http://127.0.0.1:43123/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The live options object; changes apply to the next request.</summary>
    public MockUpstreamOptions Options { get; }

    public MockStats Stats { get; } = new();

    /// <summary>The last 200 provider requests (admin <c>/mock/*</c> calls excluded), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> RecentRequests => _recorder.Snapshot();

    public static async Task<MockUpstreamServer> StartAsync(
        MockUpstreamOptions? options = null, string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        // No per-request logging: the mock is the "direct" baseline in load benchmarks.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        var server = new MockUpstreamServer(builder.Build(), options ?? new MockUpstreamOptions());
        try
        {
            await server._app.StartAsync(ct);
            server.BaseUri = ResolveBaseUri(server._app);
            return server;
        }
        catch
        {
            await server._app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Clears stats, recorded requests, counted-fault counters, files and batches.</summary>
    public void Reset()
    {
        Stats.Reset();
        _recorder.Clear();
        _faults.Reset();
        _promptCache.Clear();
        _dispatcher.ClearBatches();
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Remaining connections were aborted; nothing else to wait for.
            }
        }

        await _app.DisposeAsync();
    }

    private static Uri ResolveBaseUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        var uri = new Uri(address);

        // A wildcard bind is reachable on loopback; callers need an address they can dial.
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri;
    }
}
