using System.Security.Cryptography;
using System.Text;

namespace Frugal.Core.Admission;

/// <summary>
/// Makes and hashes virtual keys. A key is <c>fk-</c> plus 32 random bytes in base64url; only
/// its SHA-256 is stored (keys are high-entropy, so a fast hash is safe and keeps auth in
/// microseconds, unlike password hashes).
/// </summary>
public static class VirtualKeys
{
    public const string KeyPrefix = "fk-";

    public static string NewKey()
        => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(key);
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>What `keys list` shows: enough to recognise a key, not enough to use it.</summary>
    public static string DisplayPrefix(string key) => key[..Math.Min(key.Length, KeyPrefix.Length + 6)] + "…";

    public static async Task<(VirtualKeyRecord Record, string Key)> CreateAsync(
        IKeyStore store, string name, string? team, IReadOnlyList<string> tags, TimeProvider time, CancellationToken cancellationToken, bool storeBodies = false)
    {
        var key = NewKey();
        var record = new VirtualKeyRecord(NewId(), name, team, tags, DisplayPrefix(key), time.GetUtcNow(), null) { StoreBodies = storeBodies };
        await store.AddAsync(record, Hash(key), cancellationToken).ConfigureAwait(false);
        return (record, key);
    }
}
