using System.Text.Json;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.RedisConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>redis</c> section: <c>{"connection", "keyPrefix", "timeoutMs"}</c>.</summary>
public sealed class RedisConfigReader : ConfigSectionReader<RedisConfig>
{
    public override IReadOnlyList<string> Keys => ["redis"];

    public override RedisConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    private static readonly string[] SectionKeys = ["connection", "password", "keyPrefix", "timeoutMs"];

    public static RedisConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.redis";
        var defaults = new RedisConfig();
        if (!reader.TryGetSection(root, "redis", "$", out var section) || !reader.ExpectObject(section, path, SectionKeys))
        {
            return defaults;
        }

        var timeoutMs = reader.Integer(section, "timeoutMs", path, 50, 60_000);
        return defaults with
        {
            Connection = reader.String(section, "connection", path) ?? defaults.Connection,
            Password = reader.Secret(section, "password", path),
            KeyPrefix = reader.String(section, "keyPrefix", path) ?? defaults.KeyPrefix,
            Timeout = timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.Timeout,
        };
    }
}
