using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Frugal.Server.Hosting;

/// <summary>
/// The console log: one line of text (default) or one JSON object per line (<c>logging.format: "json"</c> or
/// <c>FRUGAL_LOG_FORMAT=json</c>, the in-box JSON console formatter). Scopes are on in both, so every line written
/// while a request runs carries its <c>FrugalRequestId</c> (<see cref="RequestLogScope"/>).
/// </summary>
public static class GatewayLogging
{
    /// <summary>The format in effect: the environment variable wins over the file, as for every other override.</summary>
    public static LogFormat Format(LoggingConfig config, Func<string, string?> environment)
    {
        var fromEnvironment = environment(LoggingConfig.FormatVariable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return config.Format;
        }

        return LoggingConfigReader.Formats.TryGetValue(fromEnvironment.Trim().ToLowerInvariant(), out var format)
            ? format
            : throw new GatewayStartupException($"{LoggingConfig.FormatVariable}='{fromEnvironment}' is not one of: {string.Join(", ", LoggingConfigReader.Formats.Keys)}.");
    }

    public static void AddConsole(ILoggingBuilder logging, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
            return;
        }

        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
            console.IncludeScopes = true;
            console.ColorBehavior = LoggerColorBehavior.Default;
        });
    }
}
