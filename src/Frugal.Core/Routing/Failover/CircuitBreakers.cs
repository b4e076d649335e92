using System.Collections.Frozen;
using Frugal.Core.Configuration;
using Frugal.Core.Configuration.Live;
using Frugal.Core.Routing.Routes;

namespace Frugal.Core.Routing.Failover;

/// <summary>
/// The circuit breaker of every provider, shared by all routes. One per configured provider: a breaker is keyed by a
/// provider name from the configuration (a resolved target's provider), never by client text, and asking for an
/// unconfigured name is a bug, not a new breaker. A config reload adds breakers for new providers and keeps the state
/// of the others; a removed provider's breaker stays until restart, because a request that resolved it before the
/// reload may still be failing over through it.
/// </summary>
public sealed class CircuitBreakers(GatewayConfig config, TimeProvider time) : IConfigReloadable
{
    private readonly CircuitBreakerOptions _options = config.Routing.CircuitBreaker; // routing.circuitBreaker needs a restart
    private volatile FrozenDictionary<string, CircuitBreaker> _breakers = config.Providers.Keys
        .ToFrozenDictionary(name => name, _ => new CircuitBreaker(config.Routing.CircuitBreaker, time), StringComparer.Ordinal);

    /// <summary>The number of breakers: one per provider configured since start (a reload adds, never removes).</summary>
    public int Count => _breakers.Count;

    /// <exception cref="ArgumentException"><paramref name="provider"/> is not a configured provider.</exception>
    public CircuitBreaker For(string provider)
        => _breakers.TryGetValue(provider, out var breaker)
            ? breaker
            : throw new ArgumentException($"'{provider}' is not a configured provider; circuit breakers exist only for configured providers.", nameof(provider));

    public void Apply(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var current = _breakers;
        if (config.Providers.Keys.All(current.ContainsKey))
        {
            return;
        }

        var next = new Dictionary<string, CircuitBreaker>(current, StringComparer.Ordinal);
        foreach (var name in config.Providers.Keys)
        {
            next.TryAdd(name, new CircuitBreaker(_options, time));
        }

        _breakers = next.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
