using System.Runtime.CompilerServices;
using Frugal.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Frugal.Cli.Commands;

/// <summary><c>frugal serve [--config PATH] [--urls URL[;URL]]</c>: run the gateway until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(ParsedArgs args)
    {
        var config = ConfigFiles.LoadOrExit(args.Option("config"), Console.Error);
        var urls = Frugal.Server.Hosting.ListenSettings.Resolve(args.Option("urls")).Urls; // --urls > FRUGAL_URLS > ASPNETCORE_URLS > default
        args.EnsureAllRead();

        var refusals = StartupChecks.Check(config, urls);
        if (refusals.Count > 0)
        {
            ConfigFiles.PrintProblems("refusing to start", refusals, Console.Error);
            return 1;
        }

        foreach (var missing in StartupChecks.MissingKeyVariables(config))
        {
            Console.Error.WriteLine($"warning: provider {missing}: the key variable is not set; requests to it are sent without a key.");
        }

        // Until the gateway is up, the generic host's own "Hosting failed to start" error (a stack trace on stdout) is
        // silenced: the failure reaches the catch below and is printed as one line. After start it logs as usual.
        var starting = new StrongBox<bool>(true);
        var configFile = Frugal.Server.Configuration.ConfigSource.Resolve(args.Option("config"), Frugal.Server.Configuration.ProcessEnvironment.Read()).File;
        var app = GatewayHost.Build(config, new GatewayHostOptions
        {
            Urls = urls,
            ConfigFile = configFile,
            ConfigureLogging = logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && (!starting.Value || level < LogLevel.Error)),
        });
        try
        {
            await app.StartAsync();
        }
        catch (GatewayStartupException)
        {
            // The host already turned the failure (busy port, data directory, certificate) into one line; Cli prints it.
            await app.DisposeAsync();
            throw;
        }

        starting.Value = false;

        var unsafeBindings = StartupChecks.CheckBound(config, GatewayHost.ListenAddresses(app));
        if (unsafeBindings.Count > 0)
        {
            // Kestrel may have taken addresses from configuration --urls never saw; stop before serving anyone.
            await app.StopAsync();
            await app.DisposeAsync();
            ConfigFiles.PrintProblems("refusing to start", unsafeBindings, Console.Error);
            return 1;
        }

        Console.WriteLine($"frugal listening on {string.Join(", ", app.Urls)} (auth: {config.Auth.Mode.ToString().ToLowerInvariant()}, data: {Path.GetFullPath(config.DataDir)})");
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
