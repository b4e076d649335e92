using System.Net;
using System.Text;
using Frugal.Core.Pipeline;
using Frugal.Providers.Anthropic;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Tests.Providers.Errors;

/// <summary>
/// Pins what a client sees for every upstream error status, for both adapters, so that moving the
/// status rule into one place (issue #13 item 6) changes nothing: kind, client status, type, code,
/// retryable, retry-after (7 s sent by every upstream here) and message.
/// </summary>
public sealed class UpstreamStatusMappingTests
{
    private const int RetryAfter = 7;
    private const string Html = "<html>oops</html>";

    private static readonly byte[] OpenAIBody = Encoding.UTF8.GetBytes("""{"error":{"message":"m","type":"t","code":"c"}}""");

    [Theory]
    [InlineData(400, GatewayErrorKind.UpstreamRejected, 400, "t", "c", false, null, "m")]
    [InlineData(401, GatewayErrorKind.UpstreamRejected, 401, "t", "c", false, null, "m")]
    [InlineData(402, GatewayErrorKind.UpstreamRejected, 402, "t", "c", false, null, "m")]
    [InlineData(403, GatewayErrorKind.UpstreamRejected, 403, "t", "c", false, null, "m")]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, "t", "c", false, null, "m")]
    [InlineData(408, GatewayErrorKind.UpstreamRejected, 408, "t", "c", false, null, "m")]
    [InlineData(409, GatewayErrorKind.UpstreamRejected, 409, "t", "c", false, null, "m")]
    [InlineData(413, GatewayErrorKind.UpstreamRejected, 413, "t", "c", false, null, "m")]
    [InlineData(418, GatewayErrorKind.UpstreamRejected, 418, "t", "c", false, null, "m")]
    [InlineData(422, GatewayErrorKind.UpstreamRejected, 422, "t", "c", false, null, "m")]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, "t", "c", true, RetryAfter, "Provider 'p' is rate limiting this gateway: m")]
    [InlineData(500, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 500: m")]
    [InlineData(502, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 502: m")]
    [InlineData(503, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 503: m")]
    [InlineData(504, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 504: m")]
    [InlineData(529, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 529: m")]
    [InlineData(599, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 599: m")]
    public void OpenAI_compatible_json_errors(int status, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
        => AssertError(OpenAIErrors.FromResponse("p", (HttpStatusCode)status, OpenAIBody, RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);

    [Theory]
    [InlineData(400, GatewayErrorKind.UpstreamRejected, 400, "invalid_request_error", null, false, null, Html)]
    [InlineData(401, GatewayErrorKind.UpstreamRejected, 401, "invalid_request_error", null, false, null, Html)]
    [InlineData(403, GatewayErrorKind.UpstreamRejected, 403, "invalid_request_error", null, false, null, Html)]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, "invalid_request_error", null, false, null, Html)]
    [InlineData(413, GatewayErrorKind.UpstreamRejected, 413, "invalid_request_error", null, false, null, Html)]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, "requests", "rate_limit_exceeded", true, RetryAfter, "Provider 'p' is rate limiting this gateway: " + Html)]
    [InlineData(503, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 503: " + Html)]
    public void OpenAI_compatible_text_errors(int status, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
        => AssertError(OpenAIErrors.FromResponse("p", (HttpStatusCode)status, Encoding.UTF8.GetBytes(Html), RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);

    [Theory]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, "invalid_request_error", null, false, null, "Provider 'p' rejected the request with HTTP 404.")]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, "requests", "rate_limit_exceeded", true, RetryAfter, "Provider 'p' is rate limiting this gateway: 429 Too Many Requests")]
    [InlineData(500, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, null, "Provider 'p' failed: HTTP 500")]
    public void OpenAI_compatible_empty_errors(int status, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
        => AssertError(OpenAIErrors.FromResponse("p", (HttpStatusCode)status, [], RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);

    [Theory]
    [InlineData(400, "invalid_request_error", GatewayErrorKind.UpstreamRejected, 400, "invalid_request_error", "invalid_request_error", false, null, "m")]
    [InlineData(401, "authentication_error", GatewayErrorKind.UpstreamRejected, 401, "authentication_error", "authentication_error", false, null, "m")]
    [InlineData(402, "billing_error", GatewayErrorKind.UpstreamRejected, 402, "insufficient_quota", "billing_error", false, null, "m")]
    [InlineData(403, "permission_error", GatewayErrorKind.UpstreamRejected, 403, "permission_error", "permission_error", false, null, "m")]
    [InlineData(404, "not_found_error", GatewayErrorKind.UpstreamRejected, 404, "not_found_error", "not_found_error", false, null, "m")]
    [InlineData(408, "timeout_error", GatewayErrorKind.UpstreamRejected, 408, "invalid_request_error", "timeout_error", false, null, "m")]
    [InlineData(409, "conflict_error", GatewayErrorKind.UpstreamRejected, 409, "invalid_request_error", "conflict_error", false, null, "m")]
    [InlineData(413, "request_too_large", GatewayErrorKind.UpstreamRejected, 413, "invalid_request_error", "request_too_large", false, null, "m")]
    [InlineData(418, "teapot_error", GatewayErrorKind.UpstreamRejected, 418, "invalid_request_error", "teapot_error", false, null, "m")]
    [InlineData(422, "invalid_request_error", GatewayErrorKind.UpstreamRejected, 422, "invalid_request_error", "invalid_request_error", false, null, "m")]
    [InlineData(429, "rate_limit_error", GatewayErrorKind.RateLimited, 429, "requests", "rate_limit_exceeded", true, RetryAfter, "Provider 'p' is rate limiting this gateway: m")]
    [InlineData(500, "api_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 500 (api_error): m")]
    [InlineData(502, "api_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 502 (api_error): m")]
    [InlineData(503, "api_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 503 (api_error): m")]
    [InlineData(504, "timeout_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 504 (timeout_error): m")]
    [InlineData(529, "overloaded_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 529 (overloaded_error): m")]
    [InlineData(599, "api_error", GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 599 (api_error): m")]
    public void Anthropic_json_errors(int status, string anthropicType, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"type":"error","error":{"type":"{{{anthropicType}}}","message":"m"}}""");

        AssertError(AnthropicErrors.FromResponse("p", (HttpStatusCode)status, body, RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);
    }

    [Theory]
    [InlineData(400, GatewayErrorKind.UpstreamRejected, 400, "invalid_request_error", null, false, null, Html)]
    [InlineData(401, GatewayErrorKind.UpstreamRejected, 401, "authentication_error", null, false, null, Html)]
    [InlineData(402, GatewayErrorKind.UpstreamRejected, 402, "insufficient_quota", null, false, null, Html)]
    [InlineData(403, GatewayErrorKind.UpstreamRejected, 403, "permission_error", null, false, null, Html)]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, "not_found_error", null, false, null, Html)]
    [InlineData(408, GatewayErrorKind.UpstreamRejected, 408, "invalid_request_error", null, false, null, Html)]
    [InlineData(413, GatewayErrorKind.UpstreamRejected, 413, "invalid_request_error", null, false, null, Html)]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, "requests", "rate_limit_exceeded", true, RetryAfter, "Provider 'p' is rate limiting this gateway: " + Html)]
    [InlineData(503, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 503: " + Html)]
    [InlineData(529, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 529: " + Html)]
    public void Anthropic_text_errors(int status, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
        => AssertError(AnthropicErrors.FromResponse("p", (HttpStatusCode)status, Encoding.UTF8.GetBytes(Html), RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);

    [Theory]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, "not_found_error", null, false, null, "Provider 'p' rejected the request with HTTP 404.")]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, "requests", "rate_limit_exceeded", true, RetryAfter, "Provider 'p' is rate limiting this gateway: 429 Too Many Requests")]
    [InlineData(529, GatewayErrorKind.UpstreamFailed, 502, "upstream_error", "upstream_error", true, RetryAfter, "Provider 'p' failed: HTTP 529")]
    public void Anthropic_empty_errors(int status, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
        => AssertError(AnthropicErrors.FromResponse("p", (HttpStatusCode)status, [], RetryAfter), status, kind, clientStatus, type, code, retryable, retryAfter, message);

    private static void AssertError(GatewayError error, int upstreamStatus, GatewayErrorKind kind, int clientStatus, string type, string? code, bool retryable, int? retryAfter, string message)
    {
        Assert.Equal(kind, error.Kind);
        Assert.Equal(clientStatus, error.StatusCode);
        Assert.Equal(type, error.Type);
        Assert.Equal(code, error.Code);
        Assert.Equal(retryable, error.Retryable);
        Assert.Equal(retryAfter, error.RetryAfterSeconds);
        Assert.Equal(message, error.Message);
        Assert.Equal(upstreamStatus, error.UpstreamStatus);
        Assert.Null(error.Param);
    }
}
