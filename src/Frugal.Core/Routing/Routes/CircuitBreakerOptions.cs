namespace Frugal.Core.Routing.Routes;

/// <summary>When a provider's circuit opens and how long it stays open before one probe is let through.</summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Consecutive retryable failures (after dispatch's own retries) that open the circuit.</summary>
    public int FailureThreshold { get; init; } = 5;

    public TimeSpan CoolDown { get; init; } = TimeSpan.FromSeconds(30);
}
