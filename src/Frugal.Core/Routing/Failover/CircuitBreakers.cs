using System.Collections.Concurrent;
using Frugal.Core.Configuration;

namespace Frugal.Core.Routing.Failover;

/// <summary>The circuit breaker of every provider, created on first use; shared by all routes.</summary>
public sealed class CircuitBreakers(GatewayConfig config, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);

    public CircuitBreaker For(string provider)
        => _breakers.GetOrAdd(provider, static (_, state) => new CircuitBreaker(state.config.Routing.CircuitBreaker, state.time), (config, time));
}
