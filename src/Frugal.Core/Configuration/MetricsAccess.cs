namespace Frugal.Core.Configuration;

/// <summary>Who may scrape <c>GET /metrics</c>.</summary>
public enum MetricsAccess
{
    /// <summary>The admin key, as for the other admin endpoints (loopback only in no-auth mode without one).</summary>
    Admin,

    /// <summary>Anyone who can reach the port (for a Prometheus on a private network).</summary>
    Open,
}
