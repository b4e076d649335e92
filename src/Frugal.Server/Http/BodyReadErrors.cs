using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// Kestrel's verdict on a request body it could not deliver (too slow for MinRequestBodyDataRate,
/// broken chunked framing, a Content-Length the client never filled) as an OpenAI-shaped error.
/// Kestrel's messages name the framing problem only ("Bad chunk size data."), never body content.
/// </summary>
public static class BodyReadErrors
{
    public static GatewayError From(BadHttpRequestException ex) => ex.StatusCode == StatusCodes.Status408RequestTimeout
        ? new GatewayError(GatewayErrorKind.InvalidRequest, 408,
            "The request body arrived too slowly; the gateway stopped waiting for it. Send the body at a steady rate.",
            "invalid_request_error", "request_timeout")
        : new GatewayError(GatewayErrorKind.InvalidRequest, ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400,
            $"The request body could not be read: {ex.Message}", "invalid_request_error", "invalid_request_body");

    /// <summary>A framing error Kestrel raised as a plain IOException rather than a BadHttpRequestException.</summary>
    public static GatewayError From(IOException ex)
        => new(GatewayErrorKind.InvalidRequest, 400, $"The request body could not be read: {ex.Message}", "invalid_request_error", "invalid_request_body");
}
