namespace Frugal.Core.Configuration;

public sealed record AuthConfig
{
    public AuthMode Mode { get; init; } = AuthMode.Keys;

    /// <summary>Environment variable holding the admin key for /admin endpoints (used when <see cref="AdminKey"/> is not set).</summary>
    public string AdminKeyEnv { get; init; } = "FRUGAL_ADMIN_KEY";

    /// <summary>The admin key from <c>auth.adminKey</c> (a secret setting: literal, <c>env:NAME</c> or <c>file:PATH</c>), already resolved.</summary>
    public string? AdminKey { get; init; }

    /// <summary>The admin key: <see cref="AdminKey"/>, else the variable <see cref="AdminKeyEnv"/> names; null when neither is set.</summary>
    public string? ResolveAdminKey()
        => AdminKey is { Length: > 0 } key ? key : Environment.GetEnvironmentVariable(AdminKeyEnv) is { Length: > 0 } fromEnv ? fromEnv : null;

    /// <summary>How long a verified key is trusted before the key store is asked again (so a revocation takes at most this long).</summary>
    public TimeSpan KeyCacheDuration { get; init; } = TimeSpan.FromSeconds(5);
}
