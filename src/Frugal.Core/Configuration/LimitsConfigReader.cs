using System.Text.Json;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.LimitsConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>limits</c> section: <c>{"maxRequestBodyBytes"}</c>.</summary>
public sealed class LimitsConfigReader : ConfigSectionReader<LimitsConfig>
{
    private static readonly string[] LimitsKeys = ["maxRequestBodyBytes"];

    public override IReadOnlyList<string> Keys => ["limits"];

    public override LimitsConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    public static LimitsConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.limits";
        var defaults = new LimitsConfig();
        if (!reader.TryGetSection(root, "limits", "$", out var limits) || !reader.ExpectObject(limits, path, LimitsKeys))
        {
            return defaults;
        }

        return defaults with
        {
            MaxRequestBodyBytes = reader.Integer(limits, "maxRequestBodyBytes", path, 1024, 1L << 30) ?? defaults.MaxRequestBodyBytes,
        };
    }
}
