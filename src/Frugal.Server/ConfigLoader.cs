using System.Reflection;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Sources;
using Frugal.Providers;
using Frugal.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server;

/// <summary>
/// Loads <c>frugal.json</c> with everything this build knows: the section readers of Frugal.Core, Frugal.Providers
/// and Frugal.Server, and the provider kinds <see cref="ProviderServiceCollectionExtensions.AddFrugalProviders"/>
/// registers — the same registrations the host uses, so <c>frugal config validate</c> and <c>frugal serve</c> agree.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultFileName = "frugal.json";

    /// <summary>The schema of this build, made once (it scans assemblies).</summary>
    public static ConfigSchema Schema { get; } = SchemaWith();

    /// <summary>
    /// A schema with more: provider kinds registered by <paramref name="configureProviders"/> (the same call a host
    /// passes to <see cref="GatewayHostOptions.ConfigureServices"/>) and section readers in <paramref name="featureAssemblies"/>.
    /// </summary>
    public static ConfigSchema SchemaWith(Action<IServiceCollection>? configureProviders = null, params IEnumerable<Assembly> featureAssemblies)
        => ConfigSchema.Create(
            ProviderServiceCollectionExtensions.RegisteredKinds(configureProviders),
            [typeof(ProviderRegistry).Assembly, typeof(ConfigLoader).Assembly, .. featureAssemblies]);

    /// <summary>
    /// Loads the file at <paramref name="path"/> (none: <c>$FRUGAL_CONFIG</c>, then <c>frugal.json</c> in the working
    /// directory, then the embedded defaults) with the process's <c>FRUGAL__…</c> overrides and secret references.
    /// </summary>
    public static ConfigLoadResult Load(string? path) => LoadEffective(path, ProcessEnvironment.Read()).Result;

    /// <summary>The effective configuration from <paramref name="cliPath"/> and <paramref name="environment"/>: see <see cref="ConfigSource.Resolve"/>.</summary>
    public static EffectiveConfig LoadEffective(string? cliPath, IReadOnlyDictionary<string, string> environment)
        => Schema.LoadEffective(ConfigSource.Resolve(cliPath, environment).File, environment);

    public static ConfigLoadResult Parse(string json, string source) => Schema.Parse(json, source);
}
