using System.Text.Json;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.AuthConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>auth</c> section: <c>{"mode", "adminKey", "adminKeyEnv", "keyCacheSeconds"}</c>.</summary>
public sealed class AuthConfigReader : ConfigSectionReader<AuthConfig>
{
    private static readonly string[] AuthKeys = ["mode", "adminKey", "adminKeyEnv", "keyCacheSeconds"];

    private static readonly Dictionary<string, AuthMode> AuthModes = new(StringComparer.Ordinal)
    {
        ["keys"] = AuthMode.Keys,
        ["none"] = AuthMode.None,
    };

    public override IReadOnlyList<string> Keys => ["auth"];

    public override AuthConfig Read(ConfigReadContext context) => Read(context.Root, context.Reader);

    public static AuthConfig Read(JsonElement root, JsonConfigReader reader)
    {
        const string path = "$.auth";
        var defaults = new AuthConfig();
        if (!reader.TryGetSection(root, "auth", "$", out var auth) || !reader.ExpectObject(auth, path, AuthKeys))
        {
            return defaults;
        }

        var cacheSeconds = reader.Integer(auth, "keyCacheSeconds", path, 0, 3600);
        return defaults with
        {
            Mode = reader.Enum(auth, "mode", path, AuthModes) ?? defaults.Mode,
            AdminKey = reader.Secret(auth, "adminKey", path),
            AdminKeyEnv = reader.String(auth, "adminKeyEnv", path) ?? defaults.AdminKeyEnv,
            KeyCacheDuration = cacheSeconds is { } s ? TimeSpan.FromSeconds(s) : defaults.KeyCacheDuration,
        };
    }
}
