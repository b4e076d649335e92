using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// The front door every model endpoint shares: request id, key check, size-limited parse,
/// validation. A refusal is answered here, in OpenAI's shape, and recorded in the ledger.
/// </summary>
public sealed class RequestIntake(KeyAuthenticator authenticator, GatewayConfig config, RequestLedger ledger, TimeProvider time)
{
    public async ValueTask<Intake<T>?> ReadAsync<T>(HttpContext context, string endpoint, JsonTypeInfo<T> typeInfo, Func<T, GatewayError?> validate)
        where T : class
    {
        var started = time.GetTimestamp();
        var requestId = RequestIds.New();
        context.Response.Headers[FrugalHeaders.RequestId] = requestId;
        try
        {
            return await ReadAsync(context, endpoint, typeInfo, validate, requestId, started);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while sending its request: it still gets its one ledger entry.
            await ledger.RecordRejectedAsync(requestId, endpoint, tenant: null, requestedModel: null, GatewayError.ClientClosed(), started);
            return null;
        }
    }

    private async ValueTask<Intake<T>?> ReadAsync<T>(HttpContext context, string endpoint, JsonTypeInfo<T> typeInfo, Func<T, GatewayError?> validate, string requestId, long started)
        where T : class
    {
        var tenant = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (!tenant.IsSuccess)
        {
            await RefuseAsync(context, requestId, endpoint, null, tenant.Error, started);
            return null;
        }

        var body = await JsonBodyReader.ReadAsync(context, config.Limits.MaxRequestBodyBytes, typeInfo);
        if (!body.IsSuccess)
        {
            await RefuseAsync(context, requestId, endpoint, tenant.Value, body.Error, started);
            return null;
        }

        if (validate(body.Value) is { } invalid)
        {
            await RefuseAsync(context, requestId, endpoint, tenant.Value, invalid, started);
            return null;
        }

        return new Intake<T>(requestId, tenant.Value, body.Value, started);
    }

    private async Task RefuseAsync(HttpContext context, string requestId, string endpoint, Tenant? tenant, GatewayError error, long started)
    {
        await ErrorResponses.WriteAsync(context, error);
        await ledger.RecordRejectedAsync(requestId, endpoint, tenant, requestedModel: null, error, started);
    }
}
