namespace Frugal.Core.Pipeline;

public enum GatewayErrorKind
{
    InvalidRequest,
    Unauthorized,
    ModelNotFound,
    PayloadTooLarge,
    RateLimited,
    /// <summary>The upstream rejected the request with a 4xx; its status and message are passed through.</summary>
    UpstreamRejected,
    /// <summary>The upstream failed (5xx, connection failure, malformed response) after retries.</summary>
    UpstreamFailed,
    UpstreamTimeout,
    ClientClosed,
    Internal,
}
