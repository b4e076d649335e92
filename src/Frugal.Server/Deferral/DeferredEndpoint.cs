using Frugal.Core.Admission;
using Frugal.Core.Deferral;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Deferral;

/// <summary>
/// <c>GET /v1/deferred/{id}</c>: the same key only (another key's id, an unknown id or one past retention is 404);
/// 202 with the status object while pending or submitted; once finished, the exact status and body the synchronous
/// call would have answered (a chat.completion, or an OpenAI error), with <c>x-frugal-cost-usd</c> = what the line was billed.
/// </summary>
public sealed class DeferredEndpoint(IDeferredStore store, KeyAuthenticator authenticator)
{
    private static readonly GatewayError NotFound = new(GatewayErrorKind.InvalidRequest, 404,
        "No deferred call with this id for this key (ids are per key; finished results are kept for deferral.retentionHours).",
        "invalid_request_error", "deferred_not_found");

    public async Task HandleAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers[FrugalHeaders.RequestId] = RequestIds.New();
        var tenant = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!tenant.IsSuccess)
        {
            await ErrorResponses.WriteAsync(context, tenant.Error);
            return;
        }

        if (!DeferredIds.IsWellFormed(id) || store.Find(id, tenant.Value.KeyId) is not { } call)
        {
            await ErrorResponses.WriteAsync(context, NotFound);
            return;
        }

        byte[] body;
        if (call.IsFinished)
        {
            context.Response.StatusCode = call.ResultStatus ?? StatusCodes.Status500InternalServerError;
            context.Response.Headers[FrugalHeaders.CostUsd] = FrugalHeaders.FormatCost(call.CostUsd);
            body = call.ResultBody ?? [];
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers.Location = DeferredJson.Location(call.Id);
            body = DeferredJson.Status(call);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
