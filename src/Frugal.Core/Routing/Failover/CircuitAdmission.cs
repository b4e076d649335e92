namespace Frugal.Core.Routing.Failover;

/// <summary>What a circuit breaker says to one attempt.</summary>
public enum CircuitAdmission
{
    /// <summary>Closed: go ahead.</summary>
    Allowed = 0,

    /// <summary>The cool-down is over: this attempt is the one probe; its outcome closes or re-opens the circuit.</summary>
    Probe = 1,

    /// <summary>Open (or a probe is already out): skip this provider.</summary>
    Rejected = 2,
}
