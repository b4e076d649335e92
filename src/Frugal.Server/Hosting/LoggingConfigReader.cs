using Frugal.Core.Configuration;

[assembly: ConfigSectionReader(typeof(Frugal.Server.Hosting.LoggingConfigReader))]

namespace Frugal.Server.Hosting;

/// <summary>Reads <c>"logging": {"format": "text" | "json"}</c>.</summary>
public sealed class LoggingConfigReader : ConfigSectionReader<LoggingConfig>
{
    private static readonly string[] SectionKeys = ["format"];

    /// <summary>The accepted names, shared with <c>FRUGAL_LOG_FORMAT</c>.</summary>
    public static readonly IReadOnlyDictionary<string, LogFormat> Formats = new Dictionary<string, LogFormat>(StringComparer.Ordinal)
    {
        ["text"] = LogFormat.Text,
        ["json"] = LogFormat.Json,
    };

    public override IReadOnlyList<string> Keys => ["logging"];

    public override LoggingConfig Read(ConfigReadContext context)
    {
        const string path = "$.logging";
        var reader = context.Reader;
        if (!reader.TryGetSection(context.Root, "logging", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return new LoggingConfig();
        }

        return new LoggingConfig { Format = reader.Enum(section, "format", path, Formats) ?? LogFormat.Text };
    }
}
