using Frugal.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Hosting;

/// <summary>
/// What <see cref="GatewayHost.Build"/> does about the machine it runs on, before anything is served: a writable data
/// directory, the TLS certificate of https:// URLs, Kestrel's bind failures as one-line errors, the console log and
/// the readiness checks. Every failure here is a <see cref="GatewayStartupException"/>.
/// </summary>
public static class GatewayHosting
{
    public static void Configure(WebApplicationBuilder builder, GatewayConfig config, GatewayHostOptions options)
    {
        DataDirectory.EnsureWritable(config.DataDir);
        ListenPorts.EnsureFree(options.Urls);
        if (ListenSettings.AnyHttps(options.Urls))
        {
            // Loaded now, not at the first handshake, so a bad file or password stops the start with its reason.
            var certificate = TlsCertificates.Load(config.Section<TlsConfig>(), Environment.GetEnvironmentVariable);
            builder.Services.AddSingleton(certificate); // disposed with the host
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        if (options.LogToConsole)
        {
            GatewayLogging.AddConsole(builder.Logging, GatewayLogging.Format(config.Section<LoggingConfig>(), Environment.GetEnvironmentVariable));
        }

        DecorateServer(builder.Services);
        builder.Services.AddSingleton<Readiness>();
    }

    /// <summary>Wraps the registered <see cref="IServer"/> (Kestrel) in <see cref="StartupFailureServer"/>.</summary>
    private static void DecorateServer(IServiceCollection services)
    {
        var kestrel = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (kestrel is null)
        {
            return;
        }

        services.Remove(kestrel);
        services.AddSingleton<IServer>(sp => new StartupFailureServer((IServer)(
            kestrel.ImplementationInstance
            ?? kestrel.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, kestrel.ImplementationType!))));
    }
}
