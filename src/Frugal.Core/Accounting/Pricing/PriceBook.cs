using System.Diagnostics.CodeAnalysis;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;

namespace Frugal.Core.Accounting.Pricing;

/// <summary>
/// The price lookup the ledger, budgets and estimates share: the catalog (built-in or
/// <c>prices.catalogPath</c>) plus the config's overrides. Its tables are immutable; a config reload
/// (<see cref="Apply"/>) swaps them whole in one reference write, so a lookup sees the old prices or
/// the new ones, never a mix, and no lock is needed.
/// </summary>
public sealed class PriceBook : IConfigReloadable
{
    private volatile Tables _tables;

    public PriceBook(PriceCatalog catalog, IReadOnlyDictionary<string, ModelPrice>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _tables = new Tables(catalog, overrides);
    }

    /// <summary>The newest price of every model, overrides included, for reports and estimates.</summary>
    public IReadOnlyList<ModelPrice> Current => _tables.Current;

    /// <summary>The version of the catalog in use, recorded so a cost can be traced to the price list that produced it.</summary>
    public string CatalogVersion => _tables.CatalogVersion;

    /// <summary>Takes the prices of a reloaded configuration (catalog file and overrides).</summary>
    public void Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _tables = Create(config.Prices)._tables;
    }

    /// <summary>
    /// The built-in catalog, or the file at <see cref="PricingConfig.CatalogPath"/>, plus the config's
    /// overrides. A catalog file with any problem is refused outright: billing from a partly-read
    /// price list would make some models silently unpriced.
    /// </summary>
    public static PriceBook Create(PricingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var catalog = PriceCatalog.Embedded;
        if (config.CatalogPath is { } path)
        {
            catalog = PriceCatalog.Load(path, out var problems);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"The price catalog '{path}' (prices.catalogPath) is invalid: " + string.Join("; ", problems));
            }
        }

        return new PriceBook(catalog, config.Overrides);
    }

    /// <summary>
    /// The price of a call to the gateway's model <paramref name="model"/> served upstream as
    /// <paramref name="upstreamModel"/>: the gateway's own name first (a config override for it is the most
    /// specific price there is), then the upstream id. The ledger, budgets and the price guard all price a call
    /// through this one rule, so a budget settles to exactly the ledger's cost.
    /// </summary>
    public bool TryFindForCall(string? model, string? upstreamModel, DateTimeOffset at, [NotNullWhen(true)] out ModelPrice? price)
    {
        price = null;
        return (model is not null && TryFind(model, at, out price)) || (upstreamModel is not null && TryFind(upstreamModel, at, out price));
    }

    /// <summary>
    /// Finds the price of <paramref name="model"/> in effect at <paramref name="at"/>, case-insensitively,
    /// trying in turn: the name as given, without a "provider/" prefix, then without a trailing
    /// -YYYY-MM-DD or -YYYYMMDD date. For each name an override wins, then a catalog id, then an alias.
    /// A name the catalog knows but has no price for at that date is not found: falling back to a
    /// shorter name would price it as a different model.
    /// </summary>
    public bool TryFind(string model, DateTimeOffset at, [NotNullWhen(true)] out ModelPrice? price)
    {
        price = null;
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        var tables = _tables; // one set for the whole lookup, even across a reload
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var name = model.Trim();
        var known = tables.TryName(name, day, out price);
        if (known is not null)
        {
            return known.Value;
        }

        var unprefixed = ModelNames.StripProviderPrefix(name);
        if (unprefixed != name && tables.TryName(unprefixed, day, out price) is { } knownUnprefixed)
        {
            return knownUnprefixed;
        }

        var undated = ModelNames.StripDateSuffix(unprefixed);
        return undated != unprefixed && tables.TryName(undated, day, out price) == true;
    }

    private sealed class Tables
    {
        /// <summary>Each model's entries, newest first, so the lookup stops at the first one in effect.</summary>
        private readonly Dictionary<string, ModelPrice[]> _historyByModel;
        private readonly Dictionary<string, string> _modelByAlias;
        private readonly Dictionary<string, ModelPrice> _overrides;

        public Tables(PriceCatalog catalog, IReadOnlyDictionary<string, ModelPrice>? overrides)
        {
            CatalogVersion = catalog.Version;
            _overrides = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, price) in overrides ?? new Dictionary<string, ModelPrice>())
            {
                _overrides[name] = price;
            }

            _historyByModel = catalog.Entries
                .GroupBy(e => e.Model, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.EffectiveFrom).ToArray(), StringComparer.OrdinalIgnoreCase);

            // The catalog rejects conflicting aliases; the first one wins here should a hand-built catalog have any.
            _modelByAlias = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in catalog.Entries)
            {
                foreach (var alias in entry.Aliases)
                {
                    if (!_historyByModel.ContainsKey(alias))
                    {
                        _modelByAlias.TryAdd(alias, entry.Model);
                    }
                }
            }

            var current = _historyByModel.Values.Select(history => history[0])
                .Where(price => !_overrides.ContainsKey(price.Model))
                .Concat(_overrides.Select(o => o.Value with { Model = o.Key }));
            Current = [.. current.OrderBy(p => p.Provider, StringComparer.Ordinal).ThenBy(p => p.Model, StringComparer.OrdinalIgnoreCase)];
        }

        public IReadOnlyList<ModelPrice> Current { get; }

        public string CatalogVersion { get; }

        /// <summary>True: priced. False: a model the book knows, with no price in effect on that day. Null: an unknown name.</summary>
        public bool? TryName(string name, DateOnly day, out ModelPrice? price)
        {
            if (_overrides.TryGetValue(name, out price))
            {
                return true;
            }

            var id = _historyByModel.ContainsKey(name) ? name : _modelByAlias.GetValueOrDefault(name);
            if (id is null)
            {
                return null;
            }

            // An override of a catalog model also covers that model's aliases ("gpt-4o-mini-2024-07-18").
            if (_overrides.TryGetValue(id, out price))
            {
                return true;
            }

            foreach (var entry in _historyByModel[id])
            {
                if (entry.EffectiveFrom <= day)
                {
                    price = entry;
                    return true;
                }
            }

            return false;
        }
    }
}
