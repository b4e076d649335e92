using System.Text.Json;
using Frugal.Core.Dispatch;

namespace Frugal.Core.Configuration;

/// <summary>What a section reader reads from and checks against while one config file is loaded.</summary>
public sealed class ConfigReadContext
{
    internal ConfigReadContext(JsonElement root, JsonConfigReader reader, string baseDirectory, IReadOnlyDictionary<string, IProviderKind> providerKinds)
    {
        Root = root;
        Reader = reader;
        BaseDirectory = baseDirectory;
        ProviderKinds = providerKinds;
    }

    /// <summary>The document's root object; a reader takes its own key(s) from it.</summary>
    public JsonElement Root { get; }

    /// <summary>Typed reads that record every problem with its JSON path.</summary>
    public JsonConfigReader Reader { get; }

    /// <summary>Where relative paths in the file (router.json, a price catalog) are resolved from: the config file's folder.</summary>
    public string BaseDirectory { get; }

    /// <summary>The provider kinds this host registered, by name.</summary>
    public IReadOnlyDictionary<string, IProviderKind> ProviderKinds { get; }

    /// <summary>The config as read so far: every section whose reader ran before this one (see <see cref="IConfigSectionReader.ReadsAfter"/>).</summary>
    public GatewayConfig Config { get; internal set; } = new();
}
