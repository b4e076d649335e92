using System.Net;
using System.Text;
using System.Text.Json;
using Frugal.Core.Pipeline;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// Maps an OpenAI-compatible upstream's error response to a <see cref="GatewayError"/>:
/// 4xx passes through with the upstream's own message, 429 and 5xx are retryable.
/// </summary>
public static class OpenAIErrors
{
    public static GatewayError FromResponse(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds)
        => Map(provider, status, body, retryAfterSeconds) with { UpstreamStatus = (int)status };

    private static GatewayError Map(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds)
    {
        var (message, type, code) = Parse(body);
        var statusCode = (int)status;
        if (status == HttpStatusCode.TooManyRequests)
        {
            return new GatewayError(GatewayErrorKind.RateLimited, 429,
                $"Provider '{provider}' is rate limiting this gateway: {message ?? "429 Too Many Requests"}",
                type ?? "requests", code ?? "rate_limit_exceeded")
            { Retryable = true, RetryAfterSeconds = retryAfterSeconds };
        }

        if (statusCode >= 500)
        {
            return GatewayError.UpstreamFailed(provider, $"HTTP {statusCode}{(message is null ? string.Empty : ": " + message)}");
        }

        return new GatewayError(GatewayErrorKind.UpstreamRejected, statusCode,
            message ?? $"Provider '{provider}' rejected the request with HTTP {statusCode}.",
            type ?? "invalid_request_error", code);
    }

    private static (string? Message, string? Type, string? Code) Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (error.GetString(), null, null); // e.g. Ollama: {"error":"model not found"}
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (Text(error, "message"), Text(error, "type"), Text(error, "code"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): fall through to the raw text.
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).Trim();
        return (text.Length == 0 ? null : text, null, null);
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
