namespace Frugal.Core.Configuration;

public sealed record AuthConfig
{
    public AuthMode Mode { get; init; } = AuthMode.Keys;

    /// <summary>Environment variable holding the admin key for /admin endpoints.</summary>
    public string AdminKeyEnv { get; init; } = "FRUGAL_ADMIN_KEY";

    /// <summary>How long a verified key is trusted before the key store is asked again (so a revocation takes at most this long).</summary>
    public TimeSpan KeyCacheDuration { get; init; } = TimeSpan.FromSeconds(5);
}
