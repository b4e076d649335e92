namespace Frugal.Core.Configuration;

/// <summary>
/// Reads the root key(s) of the config a feature owns. A reader declares itself in its own file with
/// <c>[assembly: ConfigSectionReader(typeof(TheReader))]</c> and is found in Frugal.Core or the feature assemblies
/// the host passes (<see cref="ConfigSchema.Create"/>), once at start: a new section needs a reader and nothing
/// else — no edit to <see cref="GatewayConfig"/>, the loader or a list. Implementations need a public parameterless constructor. Derive from <see cref="ConfigSectionReader{TSection}"/>
/// for a typed section (<see cref="GatewayConfig.Section{T}"/>).
/// </summary>
public interface IConfigSectionReader
{
    /// <summary>The root keys this reader owns; a root key no reader owns is an "unknown setting".</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>Root keys whose readers must run first because this one checks against them (cache names providers).</summary>
    IReadOnlyList<string> ReadsAfter { get; }

    /// <summary>
    /// Reads the section(s) from <see cref="ConfigReadContext.Root"/> — also when absent, so defaults apply —
    /// reporting every problem with its JSON path, and returns <see cref="ConfigReadContext.Config"/> with them set.
    /// </summary>
    GatewayConfig Read(ConfigReadContext context);
}
