using System.Collections.Frozen;
using Frugal.Core.Accounting.Pricing;

namespace Frugal.Core.Configuration;

/// <summary>The names of <see cref="ModelMode"/> in config and catalog files, and the mode of a model by name.</summary>
public static class ModelModes
{
    /// <summary>The spellings accepted in <c>"mode"</c>, lower-case.</summary>
    public static readonly IReadOnlyDictionary<string, ModelMode> ByName = new Dictionary<string, ModelMode>(StringComparer.Ordinal)
    {
        ["chat"] = ModelMode.Chat,
        ["embedding"] = ModelMode.Embedding,
        ["image"] = ModelMode.Image,
        ["audio"] = ModelMode.Audio,
        ["moderation"] = ModelMode.Moderation,
        ["rerank"] = ModelMode.Rerank,
    };

    // Catalog names and aliases of the built-in catalog's models that cannot chat (a handful), for config validation.
    private static readonly Lazy<FrozenDictionary<string, ModelMode>> BuiltInNonChat = new(() =>
    {
        var modes = new Dictionary<string, ModelMode>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in PriceCatalog.Embedded.Entries)
        {
            if (entry.Mode != ModelMode.Chat)
            {
                modes[entry.Model] = entry.Mode;
                foreach (var alias in entry.Aliases)
                {
                    modes[alias] = entry.Mode;
                }
            }
        }

        return modes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    });

    public static string Name(ModelMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>
    /// The mode of a gateway model name as the config declares it: the configured model's <c>"mode"</c>, else the
    /// built-in catalog's entry for its upstream model (or the model part of provider/model), else chat.
    /// </summary>
    public static ModelMode Of(string model, GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        string upstream;
        if (config.Models.TryGetValue(model, out var configured))
        {
            if (configured.Mode is { } declared)
            {
                return declared;
            }

            upstream = configured.EffectiveUpstreamModel;
        }
        else
        {
            var slash = model.IndexOf('/', StringComparison.Ordinal);
            upstream = slash >= 0 ? model[(slash + 1)..] : model;
        }

        return BuiltInNonChat.Value.TryGetValue(upstream, out var mode) || BuiltInNonChat.Value.TryGetValue(model, out mode) ? mode : ModelMode.Chat;
    }
}
