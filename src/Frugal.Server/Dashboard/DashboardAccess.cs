using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Frugal.Core.Pipeline;
using Frugal.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Frugal.Server.Dashboard;

/// <summary>
/// Who may see the dashboard: whoever the admin API lets in (<see cref="AdminGuard"/>: the admin key as a bearer
/// token, or loopback in no-auth mode without a key), or a browser holding the session cookie that
/// <c>GET /dashboard?key=ADMIN</c> sets. The cookie is HttpOnly and carries an expiry and an HMAC of it under the
/// admin key, so it is useless without the key, dies with a key rotation and needs no server-side session.
/// </summary>
public sealed class DashboardAccess(AdminGuard guard, TimeProvider time)
{
    public const string CookieName = "frugal_dashboard";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public GatewayError? Check(HttpContext context)
    {
        var denied = guard.Check(context);
        return denied is null || HasValidCookie(context) ? null : denied;
    }

    /// <summary>
    /// Handles <c>?key=</c> on the page: true when the key was right and a redirect (without the key in the URL)
    /// and the cookie were written; an error when it was wrong; null when no key was given.
    /// </summary>
    public (bool SignedIn, GatewayError? Error) TrySignIn(HttpContext context)
    {
        var given = context.Request.Query["key"].ToString();
        if (given.Length == 0)
        {
            return (false, null);
        }

        if (!guard.IsAdminKey(Encoding.UTF8.GetBytes(given)))
        {
            return (false, GatewayError.Unauthorized("The dashboard needs the admin key: open /dashboard?key=<admin key> once, or send 'Authorization: Bearer <admin key>'."));
        }

        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        context.Response.Cookies.Append(CookieName, $"{expires.ToString(CultureInfo.InvariantCulture)}.{Signature(expires)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
        context.Response.Redirect("/dashboard" + (context.Request.Query.TryGetValue("period", out var period) ? "?period=" + Uri.EscapeDataString(period.ToString()) : string.Empty));
        return (true, null);
    }

    private bool HasValidCookie(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var cookie) || cookie is null)
        {
            return false;
        }

        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cookie.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        return Signature(expires) is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie[(dot + 1)..]), Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>The cookie's signature for an expiry (base64url HMAC under the admin key); null without an admin key.</summary>
    private string? Signature(long expires) =>
        guard.Sign("frugal-dashboard:" + expires.ToString(CultureInfo.InvariantCulture)) is { } mac
            ? Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : null;
}
