using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The request's <c>x-frugal-*</c> headers (lower-case names) that pipeline stages may read, e.g. <c>x-frugal-cache</c>.</summary>
public static class FrugalRequestHeaders
{
    public static IReadOnlyDictionary<string, string> From(HttpRequest request)
    {
        Dictionary<string, string>? headers = null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-frugal-", StringComparison.OrdinalIgnoreCase))
            {
                headers ??= new Dictionary<string, string>(StringComparer.Ordinal);
                headers[name.ToLowerInvariant()] = value.ToString();
            }
        }

        return headers ?? Empty;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
