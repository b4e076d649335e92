using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.OpenApi;

/// <summary>
/// <c>GET /admin/openapi.json</c>: the admin API's OpenAPI 3.0 document, written by hand and checked in
/// (OpenApi/admin-openapi.json, embedded). Hand-written because the admin endpoints write their JSON themselves, so a
/// generator would only see untyped handlers; a test keeps it honest (every mapped /admin route is in it and every
/// path in it is mapped). Admin-guarded like every other /admin path — one rule for operators and reverse proxies;
/// tools that need it without a server read the file in the repository.
/// </summary>
public sealed class AdminOpenApiEndpoint(AdminGuard guard)
{
    public const string ResourceName = "Frugal.OpenApi.admin-openapi.json";

    private static readonly byte[] Document = Load();

    public static byte[] Bytes => Document;

    public async Task HandleAsync(HttpContext context)
    {
        if (guard.Check(context) is { } denied)
        {
            await ErrorResponses.WriteAsync(context, denied);
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Document.Length;
        await context.Response.Body.WriteAsync(Document, context.RequestAborted);
    }

    private static byte[] Load()
    {
        using var stream = typeof(AdminOpenApiEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
