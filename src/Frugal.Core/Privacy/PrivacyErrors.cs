using Frugal.Core.Pipeline;

namespace Frugal.Core.Privacy;

/// <summary>The privacy stage's refusals. Neither is a 5xx: a client retrying blindly would only be refused again.</summary>
public static class PrivacyErrors
{
    /// <summary>
    /// 422 <c>pii_masking_failed</c>: the masker threw or ran out of time. The request was not sent anywhere; the
    /// client may shorten or split the text and retry. 422, not 500: the gateway is working as configured (fail closed).
    /// </summary>
    public static GatewayError MaskingFailed(string reason)
        => new(GatewayErrorKind.InvalidRequest, 422,
            $"The request was not sent: personal-data masking could not finish ({reason}). Nothing left the gateway; shorten or split the text and retry.",
            "invalid_request_error", "pii_masking_failed");

    /// <summary>400 <c>pii_blocked</c>: entity types whose policy is block were found. Names the types, never the values.</summary>
    public static GatewayError Blocked(IReadOnlyList<string> entityTypes)
        => GatewayError.InvalidRequest(
            $"The request contains personal data that this gateway's privacy policy blocks: {string.Join(", ", entityTypes)}. Remove it and retry.",
            code: "pii_blocked");
}
