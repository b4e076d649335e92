namespace Frugal.Core.Dispatch;

/// <summary>
/// What one provider's error body said, parsed and masked by that provider's errors class, in the
/// terms <see cref="UpstreamErrors.FromStatus"/> needs. Which of these fields a client sees is
/// decided by the status alone, in that one rule; a provider only says what its body contained.
/// </summary>
public readonly record struct UpstreamErrorText
{
    /// <summary>The upstream's message (masked, capped); null when the body had none.</summary>
    public string? Message { get; init; }

    /// <summary>OpenAI-style <c>type</c> for a rejected request (4xx other than 429); null means <c>invalid_request_error</c>.</summary>
    public string? RejectionType { get; init; }

    /// <summary>OpenAI-style <c>code</c> for a rejected request.</summary>
    public string? RejectionCode { get; init; }

    /// <summary><c>type</c> of a 429 when the upstream's vocabulary is OpenAI's; null means <c>requests</c>.</summary>
    public string? RateLimitType { get; init; }

    /// <summary><c>code</c> of a 429 when the upstream's vocabulary is OpenAI's; null means <c>rate_limit_exceeded</c>.</summary>
    public string? RateLimitCode { get; init; }

    /// <summary>The upstream's own name for a server-side failure, shown after the status: "HTTP 529 (overloaded_error)".</summary>
    public string? FailureLabel { get; init; }

    /// <summary>
    /// Whether the upstream's retry-after is kept on a 5xx (dispatch backs off by it and the client is told).
    /// Anthropic documents retry-after on its overloaded answers; OpenAI-compatible servers' 5xx never kept it.
    /// </summary>
    public bool RetryAfterOnFailure { get; init; }
}
