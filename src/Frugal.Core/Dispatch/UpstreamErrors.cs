using Frugal.Core.Pipeline;

namespace Frugal.Core.Dispatch;

/// <summary>
/// The errors for upstream answers that arrived but cannot be used. They are 502s: the gateway's
/// upstream misbehaved, not the client and not the gateway, and the call may well have been billed.
/// </summary>
public static class UpstreamErrors
{
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
