namespace Frugal.Server.Hosting;

/// <summary>The optional <c>logging</c> section: <c>{"format": "text" | "json"}</c>; <c>FRUGAL_LOG_FORMAT</c> overrides it.</summary>
public sealed record LoggingConfig
{
    public const string FormatVariable = "FRUGAL_LOG_FORMAT";

    public LogFormat Format { get; init; } = LogFormat.Text;
}
