using System.Net;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// No-auth mode only: the <c>Host</c> header must name this machine (localhost, 127.0.0.0/8, [::1]).
/// A page served from evil.example whose DNS name is re-pointed to 127.0.0.1 (DNS rebinding) is
/// same-origin to the browser but still sends <c>Host: evil.example</c>; it gets 421 here, before
/// chat, admin or the dashboard. Requests without a Host (HTTP/1.0 tools) pass: browsers always send one.
/// </summary>
public sealed class LoopbackHostMiddleware(RequestDelegate next, UnauthenticatedRequests unauthenticated, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        var arrivedOnLoopback = context.Connection.LocalIpAddress is not { } local || IsLoopback(local);
        if (arrivedOnLoopback && (!host.HasValue || IsLoopbackHost(host.Host)))
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        var requestId = RequestIds.Of(context);
        context.Response.Headers[FrugalHeaders.RequestId] = requestId;
        var error = new GatewayError(GatewayErrorKind.InvalidRequest, 421,
            arrivedOnLoopback
                ? $"This gateway runs without authentication and answers only requests addressed to this machine (Host localhost, 127.0.0.1 or [::1]), not to '{AsciiHeaderValue.Of(host.Host)}'."
                : "This gateway runs without authentication and answers only on loopback addresses.", // a bind the start-up check has not stopped yet
            "invalid_request_error", "misdirected_request");
        await ErrorResponses.WriteAsync(context, error);
        await unauthenticated.RecordAsync(requestId, EndpointOf(context.Request.Path), Frugal.Core.Diagnostics.UnauthenticatedReasons.Other, error, started);
    }

    /// <summary>Cheap string checks first; an address is parsed only when the name is not "localhost".</summary>
    public static bool IsLoopbackHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var address = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(address, out var ip) && IsLoopback(ip) && IsPlainAddress(address);
    }

    private static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>IPAddress.TryParse also accepts "127.1" and "2130706433"; only dotted quads and IPv6 text count.</summary>
    private static bool IsPlainAddress(string address) => address.Contains(':', StringComparison.Ordinal) || address.Count(c => c == '.') == 3;

    private static string EndpointOf(PathString path)
        => path.StartsWithSegments("/v1/chat/completions") ? "chat"
            : path.StartsWithSegments("/v1/embeddings") ? "embeddings"
            : "other";
}
