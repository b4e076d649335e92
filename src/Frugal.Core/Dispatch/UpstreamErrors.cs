using Frugal.Core.Pipeline;

namespace Frugal.Core.Dispatch;

/// <summary>
/// The one rule from an upstream's error status to the error a client sees (<see cref="FromStatus"/>),
/// used by every adapter after it has parsed its own body, and the errors for upstream answers that
/// arrived but cannot be used: 502s, since the upstream misbehaved, not the client and not the
/// gateway, and the call may well have been billed.
/// </summary>
public static class UpstreamErrors
{
    /// <summary>
    /// 429 is rate limiting (retryable, retry-after kept); 5xx (and 529, Anthropic's "overloaded") is an
    /// upstream failure answered as a retryable 502; any other status is the upstream's verdict on the
    /// request and passes through with its own status and message, which is what the client needs to fix it.
    /// </summary>
    public static GatewayError FromStatus(string provider, int status, in UpstreamErrorText text, int? retryAfterSeconds)
    {
        GatewayError error;
        if (status == 429)
        {
            error = new GatewayError(GatewayErrorKind.RateLimited, 429,
                $"Provider '{provider}' is rate limiting this gateway: {text.Message ?? "429 Too Many Requests"}",
                text.RateLimitType ?? "requests", text.RateLimitCode ?? "rate_limit_exceeded")
            { Retryable = true, RetryAfterSeconds = retryAfterSeconds };
        }
        else if (status >= 500)
        {
            var label = text.FailureLabel is null ? string.Empty : $" ({text.FailureLabel})";
            var message = text.Message is null ? string.Empty : ": " + text.Message;
            error = GatewayError.UpstreamFailed(provider, $"HTTP {status}{label}{message}")
                with
            { RetryAfterSeconds = text.RetryAfterOnFailure ? retryAfterSeconds : null };
        }
        else
        {
            error = new GatewayError(GatewayErrorKind.UpstreamRejected, status,
                text.Message ?? $"Provider '{provider}' rejected the request with HTTP {status}.",
                text.RejectionType ?? "invalid_request_error", text.RejectionCode)
            { Retryable = false };
        }

        return error with { UpstreamStatus = status };
    }

    /// <summary>The OpenAI-shaped <c>code</c> of an answer larger than the gateway reads.</summary>
    public const string ResponseTooLargeCode = "upstream_response_too_large";

    /// <summary>
    /// The upstream's answer (a body, one SSE line or event) exceeded the gateway's read cap. Not
    /// retryable: the same request would most likely produce the same answer, and each try is billed.
    /// </summary>
    public static GatewayError ResponseTooLarge(string provider, string what, long limitBytes)
        => new(GatewayErrorKind.UpstreamFailed, 502,
            $"Provider '{provider}' failed: {what} exceeded the gateway's limit of {limitBytes} bytes, so the answer was not read.",
            "upstream_error", ResponseTooLargeCode)
        { Retryable = false };

    /// <summary>An answer that arrived but could not be processed (an exception while reading or converting it).</summary>
    public static GatewayError UnusableAnswer(string provider, string exceptionType)
        => GatewayError.UpstreamFailed(provider, $"its answer could not be processed ({exceptionType})", retryable: false);

    public static bool IsResponseTooLarge(GatewayError error) => error.Code == ResponseTooLargeCode;
}
