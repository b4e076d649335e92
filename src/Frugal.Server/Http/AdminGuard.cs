using System.Net;
using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Configuration;
using Frugal.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Http;

/// <summary>
/// Admin endpoints need the admin key (from <c>auth.adminKeyEnv</c>, default FRUGAL_ADMIN_KEY).
/// Without one configured they are open only in no-auth mode and only to loopback callers.
/// </summary>
public sealed class AdminGuard(AuthConfig auth)
{
    private readonly byte[]? _adminKey = auth.ResolveAdminKey() is { } key ? Encoding.UTF8.GetBytes(key) : null;

    public GatewayError? Check(HttpContext context)
    {
        if (_adminKey is null)
        {
            var loopback = context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
            return auth.Mode == AuthMode.None && loopback
                ? null
                : Forbidden($"The admin API is disabled: set the admin key in ${auth.AdminKeyEnv} and send it as 'Authorization: Bearer <admin key>'.");
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        var given = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()) : [];
        return IsAdminKey(given)
            ? null
            : GatewayError.Unauthorized("Admin endpoints need the admin key as 'Authorization: Bearer <admin key>'.");
    }

    /// <summary>True when <paramref name="given"/> is the configured admin key (constant-time); false when none is configured.</summary>
    public bool IsAdminKey(ReadOnlySpan<byte> given) => _adminKey is not null && CryptographicOperations.FixedTimeEquals(given, _adminKey);

    /// <summary>
    /// HMAC-SHA256 of <paramref name="data"/> under the admin key, for credentials derived from it (the dashboard's
    /// sign-in cookie dies with a key rotation); null when no admin key is configured.
    /// </summary>
    public byte[]? Sign(string data) => _adminKey is null ? null : HMACSHA256.HashData(_adminKey, Encoding.UTF8.GetBytes(data));

    private static GatewayError Forbidden(string message) => new(GatewayErrorKind.Unauthorized, 403, message, "permission_error", "admin_disabled");
}
