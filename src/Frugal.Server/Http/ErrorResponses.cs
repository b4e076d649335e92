using System.Text.Json;
using Frugal.Core.Pipeline;
using Frugal.Protocol.Json;
using Frugal.Protocol.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The one place where a <see cref="GatewayError"/> becomes OpenAI's error JSON.</summary>
public static class ErrorResponses
{
    public static ErrorResponse ToBody(GatewayError error) => new()
    {
        Error = new ErrorBody { Message = error.Message, Type = error.Type, Code = error.Code, Param = error.Param },
    };

    public static byte[] ToJson(GatewayError error) => JsonSerializer.SerializeToUtf8Bytes(ToBody(error), ProtocolJson.Context.ErrorResponse);

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return; // nobody to tell, or the response is already under way
        }

        context.Response.StatusCode = error.StatusCode;
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = ToJson(error);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client left while we answered.
        }
    }
}
