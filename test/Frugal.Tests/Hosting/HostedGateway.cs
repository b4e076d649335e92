using Frugal.Core.Configuration;
using Frugal.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Tests.Hosting;

/// <summary>
/// The real gateway host (<see cref="GatewayHost.Build"/>) from a config text, for the hosting tests that need what
/// <c>TestGateway</c> does not expose: listen URLs, https, services replaced, the console log.
/// </summary>
public sealed class HostedGateway : IAsyncDisposable
{
    private HostedGateway(WebApplication app, string dataDir)
    {
        App = app;
        DataDir = dataDir;
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public Uri BaseUri => new(App.Urls.First());

    public static string NewDataDir() => Path.Combine(Path.GetTempPath(), "frugal-hosting-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Parses <paramref name="json"/> (which must name its "dataDir"), builds and starts the host.</summary>
    public static async Task<HostedGateway> StartAsync(string json, string dataDir, IReadOnlyList<string>? urls = null, Action<IServiceCollection>? configureServices = null, bool logToConsole = false)
    {
        var app = Build(json, urls, configureServices, logToConsole);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new HostedGateway(app, dataDir);
    }

    public static WebApplication Build(string json, IReadOnlyList<string>? urls = null, Action<IServiceCollection>? configureServices = null, bool logToConsole = false)
    {
        var loaded = ConfigLoader.Parse(json, "hosting test config");
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("Test config is invalid: " + string.Join("; ", loaded.Problems));
        }

        return GatewayHost.Build(loaded.Config!, new GatewayHostOptions
        {
            Urls = urls ?? ["http://127.0.0.1:0"],
            LogToConsole = logToConsole,
            ConfigureServices = configureServices,
        });
    }

    /// <summary>A minimal config: no auth, the data directory, and <paramref name="extra"/> spliced in (start it with a comma).</summary>
    public static string Config(string dataDir, string extra = "")
        => $$"""{ "dataDir": "{{dataDir.Replace("\\", "/", StringComparison.Ordinal)}}", "auth": { "mode": "none" }{{extra}} }""";

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
