using System.Collections.Frozen;
using Frugal.Core.Accounting.Pricing;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Routing.Routes;

namespace Frugal.Core.Diagnostics;

/// <summary>
/// The value of every metric's <c>model</c> label. A model name is client text, and each distinct label value is a
/// new series kept for the life of the process, so a label may only carry a name from the gateway's own finite
/// vocabulary; anything else is folded into <see cref="Other"/>. A name is kept (compared ordinally, exactly as
/// spelled) when it is
/// <list type="number">
/// <item>a configured model (<c>models</c>) or the upstream id a configured model is sent as;</item>
/// <item>a route (<c>routes</c>, plus the implicit <c>auto</c>), a model a route names, or a shadow judge;</item>
/// <item>a price-catalog id or alias (including <c>prices.overrides</c> names);</item>
/// <item><c>provider/id</c> where <c>provider</c> is configured and <c>id</c> is a catalog id or alias (item 3).</item>
/// </list>
/// Everything else — unknown names answered 404, <c>provider/anything</c> passed through to a provider, names that
/// only match the catalog case-insensitively or after stripping a date suffix — is <see cref="Other"/>. The set is
/// fixed by the configuration (a reload swaps it), so the model label has at most |vocabulary| + 2 values (<see cref="Other"/>, <see cref="None"/>).
/// </summary>
public sealed class MetricModelNames : IConfigReloadable
{
    /// <summary>The one label value every model name outside the vocabulary is folded into.</summary>
    public const string Other = "other";

    /// <summary>The label of a request that named no model (a body that did not parse).</summary>
    public const string None = "(none)";

    private readonly PriceBook _prices;
    private volatile Vocabulary _vocabulary;

    public MetricModelNames(GatewayConfig config, PriceBook prices)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(prices);
        _prices = prices;
        _vocabulary = Vocabulary.Of(config, prices);
    }

    /// <summary>A reloaded configuration's names join the vocabulary (the price book has been applied first).</summary>
    public void Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _vocabulary = Vocabulary.Of(config, _prices);
    }

    /// <summary>How many distinct names the vocabulary holds without the provider-prefixed catalog forms.</summary>
    public int Count => _vocabulary.Names.Count;

    /// <summary><paramref name="model"/> itself when it is in the vocabulary, <see cref="None"/> for null, else <see cref="Other"/>.</summary>
    public string Label(string? model)
    {
        if (model is null)
        {
            return None;
        }

        var vocabulary = _vocabulary;
        if (vocabulary.Names.Contains(model))
        {
            return model;
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && vocabulary.Providers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(model.AsSpan(0, slash))
            && vocabulary.Catalog.GetAlternateLookup<ReadOnlySpan<char>>().Contains(model.AsSpan(slash + 1))
            ? model
            : Other;
    }

    private sealed record Vocabulary(FrozenSet<string> Names, FrozenSet<string> Catalog, FrozenSet<string> Providers)
    {
        public static Vocabulary Of(GatewayConfig config, PriceBook prices)
        {
            var catalog = new HashSet<string>(StringComparer.Ordinal);
            foreach (var price in prices.Current)
            {
                catalog.Add(price.Model);
                catalog.UnionWith(price.Aliases);
            }

            var names = new HashSet<string>(catalog, StringComparer.Ordinal) { RouteCatalog.AutoRoute };
            foreach (var model in config.Models.Values)
            {
                names.Add(model.Name);
                names.Add(model.EffectiveUpstreamModel);
            }

            foreach (var route in config.Routing.Routes.Values)
            {
                names.Add(route.Name);
                names.UnionWith(RouteCatalog.ModelsOf(route));
                if (route.Shadow is { } shadow)
                {
                    names.Add(shadow.Judge);
                }
            }

            return new Vocabulary(
                names.ToFrozenSet(StringComparer.Ordinal),
                catalog.ToFrozenSet(StringComparer.Ordinal),
                config.Providers.Keys.ToFrozenSet(StringComparer.Ordinal));
        }
    }
}
