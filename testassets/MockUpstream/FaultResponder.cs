using System.Globalization;

namespace Frugal.MockUpstream;

/// <summary>Produces the response for faults that replace the whole response (status codes, timeout, non-stream disconnect/malformed).</summary>
internal static class FaultResponder
{
    private static readonly TimeSpan TimeoutDelay = TimeSpan.FromSeconds(30);

    /// <returns>
    /// False when the fault must instead be applied part-way through a stream by the stream writer
    /// (disconnect, malformed and midstream-error on streaming requests).
    /// </returns>
    public static async Task<bool> TryRespondAsync(MockCall call, Provider provider, string kind, bool stream)
    {
        var context = call.Context;
        switch (kind)
        {
            case FaultKinds.Disconnect or FaultKinds.Malformed or FaultKinds.MidstreamError when stream:
                return false;

            case FaultKinds.Disconnect:
                call.AbortConnection();
                return true;

            case FaultKinds.Malformed:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"broken", call.Aborted);
                return true;

            case FaultKinds.Timeout:
                // Simulates a hung upstream; a gateway with a shorter timeout (or a disconnecting client)
                // cancels first, which the dispatcher records as ClientAborted.
                await Task.Delay(TimeoutDelay, call.Aborted);
                await ProviderErrors.WriteAsync(context, provider, StatusCodes.Status504GatewayTimeout, "mock 504: upstream timeout");
                return true;
        }

        if (int.TryParse(kind, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 400 and <= 599)
        {
            if (status == StatusCodes.Status429TooManyRequests)
            {
                await ProviderErrors.WriteRateLimitAsync(context, provider);
            }
            else
            {
                await ProviderErrors.WriteAsync(context, provider, status, $"mock {status}: {ProviderErrors.Reason(status)}", ProviderErrors.OpenAiCode(status));
            }

            return true;
        }

        await ProviderErrors.WriteAsync(context, provider, StatusCodes.Status400BadRequest, $"mock 400: unknown fault kind '{kind}'");
        return true;
    }
}
