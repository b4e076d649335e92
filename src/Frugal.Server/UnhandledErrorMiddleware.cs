using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Frugal.Server;

/// <summary>
/// The last line of defence: a bug becomes an OpenAI-shaped 500 with the request id, and the
/// log gets the exception's type and message but no stack trace and never a request body.
/// </summary>
public sealed partial class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel refused the body an endpoint was reading (too slow, broken framing): the client's
            // problem, not a bug. Endpoints behind RequestIntake handle it there, with their ledger row.
            var requestId = context.Response.Headers[FrugalHeaders.RequestId].ToString();
            LogBadBody(logger, requestId, ex.StatusCode, ex.Message);
            await ErrorResponses.WriteAsync(context, BodyReadErrors.From(ex));
        }
        catch (Exception ex)
        {
            var requestId = context.Response.Headers[FrugalHeaders.RequestId].ToString();
            LogUnhandled(logger, requestId, ex.GetType().FullName ?? "Exception", ex.Message);
            await ErrorResponses.WriteAsync(context, GatewayError.Internal($"The gateway failed to handle this request (request id {requestId}). This is a bug; the log has details."));
        }
    }

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Request {RequestId}: the body could not be read (HTTP {StatusCode}: {Reason})")]
    private static partial void LogBadBody(ILogger logger, string requestId, int statusCode, string reason);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} for request {RequestId}: {ExceptionMessage}")]
    private static partial void LogUnhandled(ILogger logger, string requestId, string exceptionType, string exceptionMessage);
}
