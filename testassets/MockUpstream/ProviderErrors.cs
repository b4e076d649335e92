namespace Frugal.MockUpstream;

/// <summary>Error responses in each provider's exact body shape, so a gateway's error mapping is exercised for real.</summary>
internal static class ProviderErrors
{
    /// <param name="openAiCode">OpenAI <c>error.code</c> (null for most errors); ignored for Anthropic.</param>
    public static async Task WriteAsync(HttpContext context, Provider provider, int status, string message, string? openAiCode = null)
    {
        using var body = new JsonBody();
        var w = body.Writer;
        w.WriteStartObject();
        if (provider == Provider.Anthropic)
        {
            w.WriteString("type", "error");
            w.WriteStartObject("error");
            w.WriteString("type", AnthropicType(status));
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", status >= 500 ? "server_error" : "invalid_request_error");
            w.WriteNull("param");
            if (openAiCode is null)
            {
                w.WriteNull("code");
            }
            else
            {
                w.WriteString("code", openAiCode);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        await body.SendAsync(context, status);
    }

    /// <summary>429 with <c>retry-after: 0</c> so retrying gateways do not actually sleep in tests.</summary>
    public static async Task WriteRateLimitAsync(HttpContext context, Provider provider)
    {
        context.Response.Headers.RetryAfter = "0";
        if (provider == Provider.Anthropic)
        {
            await WriteAsync(context, provider, StatusCodes.Status429TooManyRequests, "mock 429: rate limited");
            return;
        }

        using var body = new JsonBody();
        var w = body.Writer;
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", "Rate limit reached (mock)");
        w.WriteString("type", "requests");
        w.WriteNull("param");
        w.WriteString("code", "rate_limit_exceeded");
        w.WriteEndObject();
        w.WriteEndObject();
        await body.SendAsync(context, StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The <c>error.code</c> real OpenAI sends for these statuses, so gateways can key on it.</summary>
    public static string? OpenAiCode(int status) => status switch
    {
        401 => "invalid_api_key",
        404 => "model_not_found",
        _ => null,
    };

    public static string Reason(int status) => status switch
    {
        400 => "bad request",
        401 => "invalid api key",
        403 => "permission denied",
        404 => "model not found",
        408 => "request timeout",
        409 => "conflict",
        413 => "request too large",
        422 => "unprocessable entity",
        429 => "rate limited",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "upstream timeout",
        529 => "overloaded",
        _ => "error",
    };

    private static string AnthropicType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };
}
