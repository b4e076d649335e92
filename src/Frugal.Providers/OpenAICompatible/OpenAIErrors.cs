using System.Net;
using System.Text;
using System.Text.Json;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Security;

namespace Frugal.Providers.OpenAICompatible;

/// <summary>
/// Reads an OpenAI-compatible upstream's error body for <see cref="UpstreamErrors.FromStatus"/>,
/// which decides what the status means (4xx passes through, 429 and 5xx are retryable). Everything
/// taken from the body (message, type, code) goes through a <see cref="CredentialMasker"/> first:
/// a provider or proxy may echo the request's credentials in its error.
/// </summary>
public static class OpenAIErrors
{
    /// <summary>Upstream <c>type</c>/<c>code</c> values are identifiers; longer ones are cut to this.</summary>
    public const int MaxIdentifierChars = 128;

    /// <summary>A body that is not JSON (a proxy's HTML page) contributes at most this much text.</summary>
    public const int MaxRawTextChars = 300;

    private const int RawTextBytes = 4 * CredentialMasker.MaxChars;

    public static GatewayError FromResponse(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds)
        => FromResponse(provider, status, body, retryAfterSeconds, CredentialMasker.Generic);

    public static GatewayError FromResponse(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds, CredentialMasker masker)
    {
        var (rawMessage, rawType, rawCode, isRawText) = Parse(body);
        var type = masker.Clean(rawType, MaxIdentifierChars);
        var code = masker.Clean(rawCode, MaxIdentifierChars);
        var text = new UpstreamErrorText
        {
            Message = masker.Clean(rawMessage, isRawText ? MaxRawTextChars : CredentialMasker.MaxChars),
            RejectionType = type,
            RejectionCode = code,
            RateLimitType = type, // OpenAI's own vocabulary: its 429 type/code are what OpenAI clients expect
            RateLimitCode = code,
        };
        return UpstreamErrors.FromStatus(provider, (int)status, text, retryAfterSeconds);
    }

    private static (string? Message, string? Type, string? Code, bool IsRawText) Parse(ReadOnlySpan<byte> body)
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
                    return (error.GetString(), null, null, false); // e.g. Ollama: {"error":"model not found"}
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (Text(error, "message"), Text(error, "type"), Text(error, "code"), false);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON (a proxy's HTML page, plain text) or a string that cannot be decoded: fall through to the raw text.
        }

        // Not JSON: a prefix of the raw text, decoded generously so that masking sees whole secrets
        // before the message is cut to 300 characters.
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, RawTextBytes)]).Trim();
        return (text.Length == 0 ? null : text, null, null, true);
    }

    private static string? Text(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
