using System.Collections.Frozen;
using Frugal.Core.Configuration;

namespace Frugal.Core.Routing.Failover;

/// <summary>
/// The circuit breaker of every provider, shared by all routes. One per configured provider, created at start and
/// never more: a breaker is keyed by a provider name from the configuration (a resolved target's provider), never by
/// client text, and asking for an unconfigured name is a bug, not a new breaker.
/// </summary>
public sealed class CircuitBreakers(GatewayConfig config, TimeProvider time)
{
    private readonly FrozenDictionary<string, CircuitBreaker> _breakers = config.Providers.Keys
        .ToFrozenDictionary(name => name, _ => new CircuitBreaker(config.Routing.CircuitBreaker, time), StringComparer.Ordinal);

    /// <summary>The number of breakers: the number of configured providers.</summary>
    public int Count => _breakers.Count;

    /// <exception cref="ArgumentException"><paramref name="provider"/> is not a configured provider.</exception>
    public CircuitBreaker For(string provider)
        => _breakers.TryGetValue(provider, out var breaker)
            ? breaker
            : throw new ArgumentException($"'{provider}' is not a configured provider; circuit breakers exist only for configured providers.", nameof(provider));
}
