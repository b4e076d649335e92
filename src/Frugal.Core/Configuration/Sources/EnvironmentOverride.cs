namespace Frugal.Core.Configuration.Sources;

/// <summary>
/// One <c>FRUGAL__SECTION__KEY=value</c> variable: the path segments after the prefix (matched to the readers' keys
/// case-insensitively when applied) and the raw value.
/// </summary>
public sealed record EnvironmentOverride(string Variable, IReadOnlyList<string> Segments, string Value)
{
    /// <summary>The prefix of every override; <c>__</c> separates the levels, as ASP.NET Core's own environment source does.</summary>
    public const string Prefix = "FRUGAL__";

    public const string Separator = "__";
}
