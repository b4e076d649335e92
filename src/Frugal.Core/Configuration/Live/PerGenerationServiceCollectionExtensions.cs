using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Core.Configuration.Live;

public static class PerGenerationServiceCollectionExtensions
{
    /// <summary>
    /// Declares <typeparamref name="T"/> a per-generation service. It is deliberately not resolvable from the root
    /// provider: a root singleton that captured one would keep the configuration it was built with; take
    /// <see cref="ConfigGenerations"/> and ask <c>Enter().Generation</c> for it instead. The last registration of a type
    /// wins, as in DI (a test host or a benchmark replaces the provider registry this way).
    /// </summary>
    public static IServiceCollection AddPerGeneration<T>(this IServiceCollection services, Func<IServiceProvider, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(new PerGenerationService(typeof(T), sp => factory(sp)));
        return services;
    }
}
