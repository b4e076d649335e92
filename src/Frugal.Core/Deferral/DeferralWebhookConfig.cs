namespace Frugal.Core.Deferral;

/// <summary>
/// <c>deferral.webhook</c>: the signing secret (inline <c>secret</c>, or the environment variable <c>secretEnv</c>
/// names), and the delivery schedule: up to <see cref="MaxAttempts"/> POSTs, waiting
/// <see cref="InitialBackoff"/> × 2^(attempt−1) (± 20 % jitter, at most <see cref="MaxBackoff"/>) between them.
/// </summary>
public sealed record DeferralWebhookConfig
{
    public string? Secret { get; init; }

    public string? SecretEnv { get; init; }

    public int MaxAttempts { get; init; } = 8;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The secret the host signs with: the inline one, else the named variable's value (null when neither is set).</summary>
    public string? ResolveSecret()
        => !string.IsNullOrEmpty(Secret) ? Secret
            : SecretEnv is { Length: > 0 } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : null;
}
