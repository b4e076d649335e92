namespace Frugal.Core.Routing.Failover;

/// <summary>A provider's circuit: calls flow (closed), are skipped (open), or one probe is out (half-open).</summary>
public enum CircuitState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}
