namespace Frugal.Server.Configuration;

/// <summary>Where a reload reads from: the config file the gateway started with (null: none) and the environment.</summary>
public sealed record ConfigReloadSettings(string? File, Func<IReadOnlyDictionary<string, string>> Environment);
