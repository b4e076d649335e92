using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The client's <c>x-frugal-*</c> request headers (e.g. x-frugal-conversation), lower-case, for stages to read.</summary>
public static class FrugalRequestHeaders
{
    private const string Prefix = "x-frugal-";

    public static IReadOnlyDictionary<string, string> Read(HttpRequest request)
    {
        Dictionary<string, string>? headers = null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                headers ??= new Dictionary<string, string>(StringComparer.Ordinal);
                headers[name.ToLowerInvariant()] = value.ToString();
            }
        }

        return headers ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>();
    }
}
