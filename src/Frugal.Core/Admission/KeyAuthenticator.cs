using System.Collections.Concurrent;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;

namespace Frugal.Core.Admission;

/// <summary>
/// Turns an <c>Authorization</c> header into a <see cref="Tenant"/>. Verified keys are kept in
/// memory for <see cref="AuthConfig.KeyCacheDuration"/> so the key store is not asked on every
/// request; a revocation therefore takes effect within that time.
/// </summary>
public sealed class KeyAuthenticator(AuthConfig config, IKeyStore store, TimeProvider time)
{
    private const int MaxCachedKeys = 100_000;

    /// <summary>The refusal of an expired key: it says the key expired (its holder needs to know why), nothing about when or whose.</summary>
    private static readonly GatewayError Expired = GatewayError.Unauthorized("This API key has expired.");

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);

    public async ValueTask<GatewayResult<Tenant>> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (config.Mode == AuthMode.None)
        {
            return Tenant.Anonymous;
        }

        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return GatewayError.Unauthorized("Missing API key. Send your Frugal virtual key as 'Authorization: Bearer fk-…'.");
        }

        const string bearer = "Bearer ";
        if (!authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return GatewayError.Unauthorized("The Authorization header must be 'Bearer <virtual key>'.");
        }

        var key = authorizationHeader.AsSpan(bearer.Length).Trim().ToString();
        if (!key.StartsWith(VirtualKeys.KeyPrefix, StringComparison.Ordinal))
        {
            return GatewayError.Unauthorized("Invalid API key. Frugal virtual keys start with 'fk-'; provider keys are not accepted here.");
        }

        var hash = VirtualKeys.Hash(key);
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && time.GetElapsedTime(cached.CheckedAt, now) < config.KeyCacheDuration)
        {
            // Expiry is checked on every request, cached or not: it is a known instant, not a change to wait for.
            return cached.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? Expired : cached.Tenant;
        }

        var record = await store.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false);
        if (record is null || record.IsRevoked)
        {
            _cache.TryRemove(hash, out _);
            return GatewayError.Unauthorized(record is null ? "Invalid API key." : "This API key has been revoked.");
        }

        if (record.IsExpired(time.GetUtcNow()))
        {
            _cache.TryRemove(hash, out _);
            return Expired;
        }

        var tenant = record.ToTenant();
        if (_cache.Count >= MaxCachedKeys)
        {
            _cache.Clear();
        }

        _cache[hash] = new CachedKey(tenant, now, record.ExpiresAt);
        return tenant;
    }

    /// <summary>Drops every verified key, so the next request of each asks the store again (after an admin changed or revoked a key).</summary>
    public void ForgetCachedKeys() => _cache.Clear();

    private sealed record CachedKey(Tenant Tenant, long CheckedAt, DateTimeOffset? ExpiresAt);
}
