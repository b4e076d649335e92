namespace Frugal.Server.Configuration;

/// <summary>
/// Which config file a command reads: <c>--config PATH</c>, else <c>$FRUGAL_CONFIG</c>, else <c>frugal.json</c> in the
/// working directory when there is one, else none (the embedded defaults).
/// </summary>
public sealed record ConfigSource(string? File, string Reason)
{
    public const string FileVariable = "FRUGAL_CONFIG";

    public static ConfigSource Resolve(string? cliPath, IReadOnlyDictionary<string, string> environment)
    {
        if (!string.IsNullOrEmpty(cliPath))
        {
            return new ConfigSource(cliPath, "--config");
        }

        if (environment.TryGetValue(FileVariable, out var fromEnvironment) && fromEnvironment.Length > 0)
        {
            return new ConfigSource(fromEnvironment, FileVariable);
        }

        return System.IO.File.Exists(ConfigLoader.DefaultFileName)
            ? new ConfigSource(ConfigLoader.DefaultFileName, "working directory")
            : new ConfigSource(null, "no file: embedded defaults");
    }
}
