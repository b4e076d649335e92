namespace Frugal.Core.Configuration.Live;

/// <summary>
/// A service built from the configuration alone, once per <see cref="ConfigGeneration"/>: its factory runs against the
/// generation, which answers <see cref="GatewayConfig"/> with the generation's own configuration, other per-generation
/// services with the generation's instances, and everything else from the root provider.
/// </summary>
public sealed record PerGenerationService(Type ServiceType, Func<IServiceProvider, object> Factory);
