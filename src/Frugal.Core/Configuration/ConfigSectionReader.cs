namespace Frugal.Core.Configuration;

/// <summary>A reader whose result is one typed section, stored in the config and read with <see cref="GatewayConfig.Section{T}"/>.</summary>
public abstract class ConfigSectionReader<TSection> : IConfigSectionReader
    where TSection : class, new()
{
    public abstract IReadOnlyList<string> Keys { get; }

    public virtual IReadOnlyList<string> ReadsAfter => [];

    /// <summary>Reads the section; returns its defaults (not null) when the key is absent or wrong.</summary>
    public abstract TSection Read(ConfigReadContext context);

    GatewayConfig IConfigSectionReader.Read(ConfigReadContext context) => context.Config.WithSection(Read(context));
}
