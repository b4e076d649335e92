using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Frugal.Server.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process answers) and <c>/readyz</c> (readiness: <see cref="Readiness"/>'s checks as
/// JSON, 503 when one fails). Both answer GET and HEAD, need no key and say nothing about the configuration.
/// </summary>
public static class HealthEndpoints
{
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        app.MapMethods("/healthz", GetAndHead, static (HttpContext context) => WriteLiveAsync(context));
        app.MapMethods("/readyz", GetAndHead, (HttpContext context) => WriteReadyAsync(context, readiness));
    }

    private static Task WriteLiveAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("ok");
    }

    private static async Task WriteReadyAsync(HttpContext context, Readiness readiness)
    {
        var checks = await readiness.CheckAsync(context.RequestAborted);
        var ready = true;
        foreach (var check in checks)
        {
            ready &= check.Ok;
        }

        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("status", ready ? "ready" : "not_ready");
        json.WriteStartArray("checks");
        foreach (var check in checks)
        {
            json.WriteStartObject();
            json.WriteString("name", check.Name);
            json.WriteString("status", check.Ok ? "ok" : "fail");
            json.WriteString("detail", check.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
