using System.Diagnostics.CodeAnalysis;
using Frugal.Core.Batching;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Dispatch;
using Frugal.Providers.Anthropic;
using Frugal.Providers.Http;
using Frugal.Providers.OpenAICompatible;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Frugal.Providers;

/// <summary>DI registration of the provider kinds and the registry that builds one client per configured provider.</summary>
public static class ProviderServiceCollectionExtensions
{
    /// <summary>The built-in kinds, the shared pooled HttpClient, the <see cref="IProviderRegistry"/> (per config generation) and the <see cref="IProviderBatchRegistry"/>.</summary>
    public static IServiceCollection AddFrugalProviders(this IServiceCollection services)
    {
        services.AddProviderKind<OpenAICompatibleKind>();
        services.AddProviderKind<AnthropicKind>();
        services.TryAddSingleton(_ => ProviderHttpClientFactory.Create());
        services.AddPerGeneration<IProviderRegistry>(sp => ActivatorUtilities.CreateInstance<ProviderRegistry>(sp)); // a reload's providers (keys, URLs) apply to the next request
        services.TryAddSingleton<IProviderBatchRegistry, ProviderBatchRegistry>();
        services.AddSingleton<IConfigReloadable>(sp => (IConfigReloadable)sp.GetRequiredService<IProviderBatchRegistry>());
        return services;
    }

    /// <summary>Registers one provider kind; configs may then name it as a provider's <c>"kind"</c>.</summary>
    /// <remarks>
    /// The annotation is the one <see cref="ServiceDescriptor.Singleton{TService, TImplementation}()"/> asks for: the
    /// container (and <see cref="RegisteredKinds"/>) create the kind from its type, so a trimmed binary must keep the
    /// kind's public constructors.
    /// </remarks>
    public static IServiceCollection AddProviderKind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TKind>(this IServiceCollection services)
        where TKind : class, IProviderKind, new()
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProviderKind, TKind>());
        return services;
    }

    /// <summary>
    /// The kinds <paramref name="configure"/> registers after the built-in ones, instantiated without a host
    /// (kinds are stateless, with a parameterless constructor): what the config loader checks a provider's
    /// <c>"kind"</c> against — the same registrations, so config validation and the host cannot disagree.
    /// </summary>
    public static IReadOnlyList<IProviderKind> RegisteredKinds(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddFrugalProviders();
        configure?.Invoke(services);
        return [.. services
            .Where(d => d.ServiceType == typeof(IProviderKind))
            .Select(d => d.ImplementationInstance as IProviderKind ?? (IProviderKind)Activator.CreateInstance(d.ImplementationType!)!)];
    }
}
