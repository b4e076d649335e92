using System.Text.Json;

[assembly: Frugal.Core.Configuration.ConfigSectionReader(typeof(Frugal.Core.Configuration.ModelsConfigReader))]

namespace Frugal.Core.Configuration;

/// <summary>Reads the optional <c>models</c> section (name clients use → provider and upstream model); each provider must be configured.</summary>
public sealed class ModelsConfigReader : IConfigSectionReader
{
    private static readonly string[] ModelKeys = ["provider", "upstreamModel", "storeBodies", "mode"];

    public IReadOnlyList<string> Keys => ["models"];

    public IReadOnlyList<string> ReadsAfter => ["providers"];

    public GatewayConfig Read(ConfigReadContext context)
        => context.Config with { Models = ReadModels(context.Root, context.Reader, context.Config.Providers) };

    private static Dictionary<string, ModelConfig> ReadModels(JsonElement root, JsonConfigReader reader, IReadOnlyDictionary<string, ProviderConfig> providers)
    {
        var models = new Dictionary<string, ModelConfig>(StringComparer.Ordinal);
        foreach (var (name, value, path) in reader.Map(root, "models", "$"))
        {
            if (!reader.ExpectObject(value, path, ModelKeys))
            {
                continue;
            }

            var provider = reader.String(value, "provider", path, required: true);
            var upstream = reader.String(value, "upstreamModel", path);
            var storeBodies = reader.Boolean(value, "storeBodies", path);
            var mode = value.TryGetProperty("mode", out _) ? reader.Enum(value, "mode", path, ModelModes.ByName) : null;
            if (provider is null)
            {
                continue;
            }

            if (!providers.ContainsKey(provider))
            {
                reader.Report(JsonConfigReader.Child(path, "provider"), $"unknown provider '{provider}'; configured providers: {string.Join(", ", providers.Keys)}");
                continue;
            }

            models[name] = new ModelConfig { Name = name, Provider = provider, UpstreamModel = upstream, StoreBodies = storeBodies ?? false, Mode = mode };
        }

        return models;
    }
}
