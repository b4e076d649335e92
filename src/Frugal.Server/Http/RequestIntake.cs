using System.Text.Json.Serialization.Metadata;
using Frugal.Core.Accounting.Ledger;
using Frugal.Core.Admission;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Frugal.Protocol.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Frugal.Server.Http;

/// <summary>
/// The front door every model endpoint shares: request id, key check, size-limited parse,
/// validation. A refusal is answered here, in OpenAI's shape, and recorded in the ledger
/// (unauthenticated refusals through <see cref="UnauthenticatedRequests"/>, which samples them).
/// </summary>
public sealed partial class RequestIntake(
    KeyAuthenticator authenticator, GatewayConfig config, RequestLedger ledger, UnauthenticatedRequests unauthenticated, TimeProvider time, ILogger<RequestIntake> logger)
{
    public async ValueTask<Intake<T>?> ReadAsync<T>(HttpContext context, string endpoint, JsonTypeInfo<T> typeInfo, Func<T, GatewayError?> validate)
        where T : class
    {
        var started = time.GetTimestamp();
        var requestId = RequestIds.Of(context);
        context.Response.Headers[FrugalHeaders.RequestId] = requestId;
        try
        {
            return await ReadAsync(context, endpoint, typeInfo, validate, requestId, started);
        }
        catch (Exception ex) when ((ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested) || ex is Microsoft.AspNetCore.Connections.ConnectionResetException)
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
            await ErrorResponses.WriteAsync(context, tenant.Error);
            var reason = UnauthenticatedRequests.ReasonFor(context.Request.Headers.Authorization.ToString(), tenant.Error);
            await unauthenticated.RecordAsync(requestId, endpoint, reason, tenant.Error, started);
            return null;
        }

        // Without keys, a browser page on another origin could POST here as a CORS "simple" request
        // (text/plain, form types, or a Blob with no type); JSON content types need a preflight it cannot pass.
        if (config.Auth.Mode == AuthMode.None && !IsJson(context.Request.ContentType))
        {
            await RefuseAsync(context, requestId, endpoint, tenant.Value, UnsupportedMediaType(context.Request.ContentType), started);
            return null;
        }

        GatewayResult<T> body;
        try
        {
            body = await JsonBodyReader.ReadAsync(context, config.Limits.MaxRequestBodyBytes, typeInfo);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel gave up on the body (too slow, broken chunked framing, cut short): a client
            // problem, answered and recorded like any other refusal; logged without the body.
            LogBodyFailed(logger, requestId, ex.StatusCode, ex.Message);
            body = BodyReadErrors.From(ex);
        }
        catch (IOException ex) when (ex is not Microsoft.AspNetCore.Connections.ConnectionResetException && !context.RequestAborted.IsCancellationRequested)
        {
            // Kestrel reports some framing errors as a plain IOException (a chunk size that overflows: "Bad chunk size data.").
            LogBodyFailed(logger, requestId, 400, ex.Message);
            body = BodyReadErrors.From(ex);
        }

        if (!body.IsSuccess)
        {
            await RefuseAsync(context, requestId, endpoint, tenant.Value, body.Error, started);
            return null;
        }

        if (validate(body.Value) is { } invalid)
        {
            // The row keeps the model asked for (metrics fold names they do not know into "other").
            await RefuseAsync(context, requestId, endpoint, tenant.Value, invalid, started, RequestedModel(body.Value));
            return null;
        }

        if (tenant.Value.AllowedModels is { } allowed && RequestedModel(body.Value) is { } model && !allowed.Contains(model))
        {
            await RefuseAsync(context, requestId, endpoint, tenant.Value, ModelNotAllowed(model), started, model);
            return null;
        }

        return new Intake<T>(requestId, tenant.Value, body.Value, started);
    }

    /// <summary><c>application/json</c>, with or without parameters (<c>; charset=utf-8</c>).</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static string? RequestedModel(object body) => body switch { ChatCompletionRequest chat => chat.Model, EmbeddingRequest embedding => embedding.Model, _ => null };

    /// <summary>403 for a model or route outside the key's allowed list; the list itself is not shown (it is the admin's, not the caller's).</summary>
    private static GatewayError ModelNotAllowed(string model)
        => new(GatewayErrorKind.InvalidRequest, 403, $"This API key may not use the model '{model}'. Ask the gateway's admin which models it allows.", "permission_error", "model_not_allowed")
        {
            Param = "model",
        };

    private static GatewayError UnsupportedMediaType(string? contentType)
        => new(GatewayErrorKind.InvalidRequest, 415,
            $"Send the request body as JSON with 'Content-Type: application/json' (got {(string.IsNullOrEmpty(contentType) ? "no Content-Type" : $"'{AsciiHeaderValue.Of(contentType)}'")}).",
            "invalid_request_error", "unsupported_media_type");

    private async Task RefuseAsync(HttpContext context, string requestId, string endpoint, Tenant? tenant, GatewayError error, long started, string? requestedModel = null)
    {
        await ErrorResponses.WriteAsync(context, error);
        await ledger.RecordRejectedAsync(requestId, endpoint, tenant, requestedModel, error, started);
    }

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Request {RequestId}: the body could not be read (HTTP {StatusCode}: {Reason})")]
    private static partial void LogBodyFailed(ILogger logger, string requestId, int statusCode, string reason);
}
