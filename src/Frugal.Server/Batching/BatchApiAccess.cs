using Frugal.Core.Admission;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Batching;

/// <summary>
/// The key check of the files and batches endpoints (the same <see cref="KeyAuthenticator"/> as chat). A key sees only
/// its own objects: anything else is answered 404 exactly like an id that does not exist, so ids cannot be probed.
/// </summary>
public sealed class BatchApiAccess(KeyAuthenticator authenticator)
{
    public async ValueTask<Tenant?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (tenant.IsSuccess)
        {
            return tenant.Value;
        }

        await ErrorResponses.WriteAsync(context, tenant.Error);
        return null;
    }

    public static GatewayError NotFound(string what, string id)
        => new(GatewayErrorKind.InvalidRequest, 404, $"No {what} found with id {Core.Batching.BatchFileProblems.Quote(id)}.", "invalid_request_error", "not_found");

    public static async Task WriteJsonAsync(HttpContext context, byte[] json, int status = 200)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
