using System.Net;
using System.Text;
using System.Text.Json;
using Frugal.Core.Dispatch;
using Frugal.Core.Pipeline;
using Frugal.Core.Security;
using Frugal.Protocol.Json;
using Frugal.Providers.Anthropic.Wire;
using Frugal.Providers.OpenAICompatible;

namespace Frugal.Providers.Anthropic;

/// <summary>
/// Reads an Anthropic error body (<c>{"type":"error","error":{"type","message"}}</c>) for
/// <see cref="UpstreamErrors.FromStatus"/>, which decides what the status means. Anthropic's 429
/// type (rate_limit_error) is not OpenAI's vocabulary, so a 429 gets OpenAI's names; a rejection
/// gets the OpenAI type closest to Anthropic's. The message and type go through a
/// <see cref="CredentialMasker"/> first (a proxy may echo credentials).
/// </summary>
public static class AnthropicErrors
{
    /// <summary>Anthropic's "overloaded" status; not a standard HTTP code.</summary>
    public const int Overloaded = 529;

    public static GatewayError FromResponse(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds)
        => FromResponse(provider, status, body, retryAfterSeconds, CredentialMasker.Generic);

    public static GatewayError FromResponse(string provider, HttpStatusCode status, ReadOnlySpan<byte> body, int? retryAfterSeconds, CredentialMasker masker)
    {
        var statusCode = (int)status;
        var (rawType, rawMessage, isRawText) = Parse(body);
        var type = masker.Clean(rawType, OpenAIErrors.MaxIdentifierChars);
        var text = new UpstreamErrorText
        {
            Message = masker.Clean(rawMessage, isRawText ? OpenAIErrors.MaxRawTextChars : CredentialMasker.MaxChars),
            RejectionType = OpenAIType(type, statusCode),
            RejectionCode = type,
            FailureLabel = type, // 529 overloaded_error, 500 api_error, 504 timeout_error: transient on Anthropic's side
            RetryAfterOnFailure = true,
        };
        return UpstreamErrors.FromStatus(provider, statusCode, text, retryAfterSeconds);
    }

    /// <summary>
    /// OpenAI clients branch on the error type. Anthropic's names for the common cases already
    /// match OpenAI's style; the rest are grouped by status so a client sees a familiar name.
    /// </summary>
    private static string OpenAIType(string? anthropicType, int status) => anthropicType switch
    {
        "invalid_request_error" or "authentication_error" or "permission_error" or "not_found_error" => anthropicType,
        "request_too_large" => "invalid_request_error",
        "billing_error" => "insufficient_quota",
        _ => status switch
        {
            401 => "authentication_error",
            402 => "insufficient_quota",
            403 => "permission_error",
            404 => "not_found_error",
            _ => "invalid_request_error",
        },
    };

    private static (string? Type, string? Message, bool IsRawText) Parse(ReadOnlySpan<byte> body)
    {
        if (!body.IsEmpty)
        {
            try
            {
                var envelope = JsonSerializer.Deserialize(body, AnthropicJson.Context.AnthropicError);
                if (envelope?.Error is { } error && (error.Message is not null || error.Type is not null))
                {
                    return (error.Type, error.Message, false);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not Anthropic's envelope (a proxy's HTML page, plain text): use the raw text.
            }
        }

        // Decoded generously so that masking sees whole secrets before the message is cut.
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 4 * CredentialMasker.MaxChars)]).Trim();
        return (null, text.Length == 0 ? null : text, true);
    }
}
