using System.Globalization;
using Frugal.Core.Accounting;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>The x-frugal-* response headers that tell a client what the gateway did.</summary>
public static class FrugalHeaders
{
    public const string RequestId = "x-frugal-request-id";
    public const string Provider = "x-frugal-provider";
    public const string Model = "x-frugal-model";
    public const string CostUsd = "x-frugal-cost-usd";
    public const string Route = "x-frugal-route";
    public const string Cache = "x-frugal-cache";

    public static void Apply(HttpResponse response, GatewayRequest request)
    {
        if (request.Record.Provider is { } provider)
        {
            response.Headers[Provider] = AsciiValue(provider);
        }

        if (request.Record.UpstreamModel is { } model)
        {
            response.Headers[Model] = AsciiValue(model);
        }

        if (request.Record.Route is { } route)
        {
            response.Headers[Route] = route; // already ASCII: RouteHeader percent-encodes its own text
        }

        if (request.Record.CacheOutcome != CacheOutcome.None) // no header when no cache stage ran
        {
            response.Headers[Cache] = CacheOutcomeNames.Of(request.Record.CacheOutcome);
        }

        if (request.Record.Priced)
        {
            response.Headers[CostUsd] = FormatCost(request.Record.CostUsd);
        }
    }

    /// <summary>
    /// Header values must be printable ASCII (Kestrel throws on anything else, after the upstream call
    /// was billed). Names come from the client (<c>provider/模型</c>) or the config, so anything else
    /// is percent-encoded as UTF-8, like <c>x-frugal-route</c>; decode with <c>Uri.UnescapeDataString</c>.
    /// Plain names (the usual case) are returned as they are, without allocating.
    /// </summary>
    public static string AsciiValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '%')
            {
                return PercentEncode(value);
            }
        }

        return value;
    }

    private static string PercentEncode(string value)
    {
        var result = new System.Text.StringBuilder(value.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes()) // a lone surrogate enumerates as U+FFFD
        {
            if (rune.Value is >= ' ' and <= '~' && rune.Value != '%')
            {
                result.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    /// <summary>Dollars with up to nine decimals, or "unknown" when the model has no price — never a made-up 0.</summary>
    public static string FormatCost(decimal? usd) => usd is { } value ? value.ToString("0.#########", CultureInfo.InvariantCulture) : "unknown";
}
