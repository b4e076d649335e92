namespace Frugal.Cli.Commands;

/// <summary>The config was invalid and its problems have been printed; exit with code 1.</summary>
public sealed class ConfigRejectedException : Exception;
