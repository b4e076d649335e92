using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Frugal.Core.Deferral;

/// <summary>
/// The webhook signing scheme (like Stripe's): header <see cref="TimestampHeader"/> = Unix seconds when the attempt was
/// sent; header <see cref="SignatureHeader"/> = <c>sha256=</c> + lower-case hex of HMAC-SHA256(key = the secret's UTF-8
/// bytes, message = <c>{timestamp}.{raw body}</c>). A receiver recomputes it over the exact bytes it got, compares in
/// fixed time and refuses timestamps older than its tolerance (5 minutes suggested), which stops replays.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "x-frugal-signature";
    public const string TimestampHeader = "x-frugal-timestamp";
    public const string IdHeader = "x-frugal-deferred-id";
    public const string AttemptHeader = "x-frugal-webhook-attempt";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>What a receiver does: same signature (fixed-time) and a timestamp within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> body, string? signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
