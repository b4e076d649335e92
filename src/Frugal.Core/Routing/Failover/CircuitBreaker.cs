using Frugal.Core.Routing.Routes;

namespace Frugal.Core.Routing.Failover;

/// <summary>
/// One provider's circuit breaker. It opens after <see cref="CircuitBreakerOptions.FailureThreshold"/>
/// consecutive failed attempts (each already retried by dispatch), so a route stops waiting on a
/// provider that is down and goes straight to its next target; after the cool-down it lets ONE probe
/// through (half-open): success closes it, failure opens it for another cool-down. The clock is the
/// injected <see cref="TimeProvider"/>, so tests move time instead of sleeping.
/// </summary>
public sealed class CircuitBreaker(CircuitBreakerOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _openedAt;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveFailures;
            }
        }
    }

    /// <summary>Asks to send an attempt; a <see cref="CircuitAdmission.Probe"/> must be answered by exactly one of the On… calls.</summary>
    public CircuitAdmission TryEnter()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case CircuitState.Closed:
                    return CircuitAdmission.Allowed;
                case CircuitState.Open when time.GetElapsedTime(_openedAt) >= options.CoolDown:
                    _state = CircuitState.HalfOpen;
                    return CircuitAdmission.Probe;
                default:
                    return CircuitAdmission.Rejected;
            }
        }
    }

    /// <summary>The provider answered (a 4xx counts: the provider is up, the request was wrong).</summary>
    public void OnSuccess()
    {
        lock (_gate)
        {
            _state = CircuitState.Closed;
            _consecutiveFailures = 0;
        }
    }

    /// <summary>A 429, 5xx, timeout or connection failure.</summary>
    public void OnFailure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_state == CircuitState.HalfOpen || _consecutiveFailures >= options.FailureThreshold)
            {
                _state = CircuitState.Open;
                _openedAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>An attempt ended without saying anything about the provider (the client left): a probe may go again.</summary>
    public void OnAbandoned(CircuitAdmission admission)
    {
        lock (_gate)
        {
            if (admission == CircuitAdmission.Probe && _state == CircuitState.HalfOpen)
            {
                // Re-open with the cool-down already over, so the next attempt probes at once.
                _state = CircuitState.Open;
                _openedAt = time.GetTimestamp() - (long)(options.CoolDown.TotalSeconds * time.TimestampFrequency);
            }
        }
    }
}
