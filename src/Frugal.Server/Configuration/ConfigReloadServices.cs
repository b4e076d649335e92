using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Configuration;

public static class ConfigReloadServices
{
    /// <summary>Registers <see cref="ConfigReloader"/> (always: it is also what keeps SIGHUP from ending the process).</summary>
    public static IServiceCollection AddConfigReload(IServiceCollection services, string? configFile)
    {
        services.AddSingleton(new ConfigReloadSettings(configFile, ProcessEnvironment.Read));
        services.AddSingleton<ConfigReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigReloader>());
        return services;
    }
}
