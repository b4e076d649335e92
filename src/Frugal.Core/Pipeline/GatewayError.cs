namespace Frugal.Core.Pipeline;

/// <summary>
/// An expected failure, carrying everything needed to answer the client in OpenAI's error shape.
/// <see cref="Retryable"/> tells dispatch and failover whether another attempt could succeed.
/// </summary>
public sealed record GatewayError(GatewayErrorKind Kind, int StatusCode, string Message, string Type, string? Code = null)
{
    public string? Param { get; init; }

    public bool Retryable { get; init; }

    /// <summary>The HTTP status the upstream answered with, when the error came from one (for the ledger's attempt log).</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>Seconds the client should wait, sent as <c>retry-after</c> when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static GatewayError InvalidRequest(string message, string? param = null, string? code = null)
        => new(GatewayErrorKind.InvalidRequest, 400, message, "invalid_request_error", code) { Param = param };

    public static GatewayError Unauthorized(string message)
        => new(GatewayErrorKind.Unauthorized, 401, message, "invalid_request_error", "invalid_api_key");

    public static GatewayError ModelNotFound(string model)
        => new(GatewayErrorKind.ModelNotFound, 404,
            $"The model '{model}' does not exist or is not served by this gateway. Configure it under \"models\", or call it as \"provider/model\".",
            "invalid_request_error", "model_not_found")
        { Param = "model" };

    public static GatewayError PayloadTooLarge(long limitBytes)
        => new(GatewayErrorKind.PayloadTooLarge, 413,
            $"The request body is larger than this gateway's limit of {limitBytes} bytes (limits.maxRequestBodyBytes).",
            "invalid_request_error", "request_too_large");

    public static GatewayError UpstreamTimeout(string provider, TimeSpan timeout, int attempts)
        => new(GatewayErrorKind.UpstreamTimeout, 504,
            $"Provider '{provider}' did not answer within {timeout.TotalSeconds:0.###} s ({attempts} attempt(s)).",
            "upstream_error", "upstream_timeout")
        { Retryable = true };

    public static GatewayError UpstreamFailed(string provider, string detail, bool retryable = true)
        => new(GatewayErrorKind.UpstreamFailed, 502, $"Provider '{provider}' failed: {detail}", "upstream_error", "upstream_error") { Retryable = retryable };

    public static GatewayError ClientClosed()
        => new(GatewayErrorKind.ClientClosed, 499, "The client closed the request.", "client_closed", "client_closed");

    public static GatewayError Internal(string message)
        => new(GatewayErrorKind.Internal, 500, message, "server_error", "internal_error");
}
